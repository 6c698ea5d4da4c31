package org.summarybot.scheduling.app;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: global options and the list of commands. */
@Command(name = "summary-scheduler", mixinStandardHelpOptions = true, version = "summary-scheduler 0.1.0",
    description = "Scheduled channel summaries: exactly-once runs across restarts, nodes and DST.",
    subcommands = {DemoCommand.class, RunCommand.class, PreviewCommand.class, TasksCommand.class,
        GuildsCommand.class, StatusCommand.class})
final class Cli implements Runnable {
  @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "The YAML configuration (docs/CONFIG.md). Default: built-in defaults (file store in ./data).")
  Path config;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required: demo, run, preview, tasks, guilds or status");
  }

  /** The config file given on the command line, wherever in it {@code --config} stood. */
  static Optional<Path> configFile(CommandSpec any) {
    Object root = any.root().userObject();
    return root instanceof Cli c ? Optional.ofNullable(c.config) : Optional.empty();
  }

  /** The loaded configuration for a command. */
  static Config loadConfig(CommandSpec any) {
    return configFile(any).map(ConfigLoader::load).orElseGet(Config::defaults);
  }
}
