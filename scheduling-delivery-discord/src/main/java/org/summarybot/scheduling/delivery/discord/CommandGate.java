package org.summarybot.scheduling.delivery.discord;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;

/**
 * Who may use {@code /schedule}, checked on every invocation whatever Discord shows (a server admin can override
 * the command's default permission in the server's settings): members with Manage Server, or with one of the
 * configured manager roles.
 */
final class CommandGate {
  private final Set<Long> managerRoles;

  CommandGate(Set<Long> managerRoles) {
    this.managerRoles = Set.copyOf(managerRoles);
  }

  /** Whether the command is registered visible to everyone (manager roles configured). */
  boolean everyoneSees() {
    return !managerRoles.isEmpty();
  }

  /** Why {@code member} may not manage schedules, naming what is missing; empty when they may. */
  Optional<String> refusal(Member member) {
    if (member.hasPermission(Permission.MANAGE_SERVER)) {
      return Optional.empty();
    }
    if (member.getRoles().stream().anyMatch(r -> managerRoles.contains(r.getIdLong()))) {
      return Optional.empty();
    }
    if (managerRoles.isEmpty()) {
      return Optional.of("You need the **Manage Server** permission to manage scheduled summaries.");
    }
    return Optional.of("You need the **Manage Server** permission or one of the roles " + roleNames(member.getGuild())
        + " to manage scheduled summaries.");
  }

  private String roleNames(Guild guild) {
    List<String> names = managerRoles.stream().sorted().map(id -> {
      Role r = guild.getRoleById(id);
      return r == null ? "role " + Long.toUnsignedString(id) + " (not in this server)" : "**@" + r.getName() + "**";
    }).toList();
    return names.stream().collect(Collectors.joining(", "));
  }
}
