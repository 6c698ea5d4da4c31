package org.summarybot.scheduling.persistence.jdbi;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The values of one row, column by column in a fixed order, each with its SQL type: bound as named parameters
 * for a statement that writes one row, or gathered with other rows into one text array per column, which a
 * PostgreSQL statement unpacks with {@code unnest} to write many rows at once (see {@link Columns}).
 */
final class RowValues {

  /** A column's SQL type, as PostgreSQL names it in a cast. */
  enum Type {
    TEXT("varchar"), BIGINT("bigint"), INTEGER("integer"), BOOLEAN("boolean"), DOUBLE("double precision"),
    TIMESTAMP("timestamptz");

    final String sql;

    Type(String sql) {
      this.sql = sql;
    }
  }

  private final List<String> columns = new ArrayList<>();
  private final List<Type> types = new ArrayList<>();
  private final List<Object> values = new ArrayList<>();
  private String[] texts;

  RowValues text(String column, String v) {
    return add(column, Type.TEXT, v);
  }

  RowValues bigint(String column, Long v) {
    return add(column, Type.BIGINT, v);
  }

  RowValues integer(String column, Integer v) {
    return add(column, Type.INTEGER, v);
  }

  RowValues bool(String column, Boolean v) {
    return add(column, Type.BOOLEAN, v);
  }

  RowValues dbl(String column, Double v) {
    return add(column, Type.DOUBLE, v);
  }

  /** A timestamp, written as whole microseconds (the remainder is the caller's, see {@link Stamps}). */
  RowValues stamp(String column, Instant v) {
    return add(column, Type.TIMESTAMP, v);
  }

  private RowValues add(String column, Type type, Object v) {
    if (texts != null) {
      throw new IllegalStateException("the row was already turned into text");
    }
    columns.add(column);
    types.add(type);
    values.add(v);
    return this;
  }

  /**
   * Every value as the text PostgreSQL reads back exactly with a cast to its column's type (computed once; the
   * row takes no more values after).
   */
  String[] texts() {
    if (texts == null) {
      String[] t = new String[values.size()];
      for (int i = 0; i < t.length; i++) {
        t[i] = Columns.text(values.get(i));
      }
      texts = t;
    }
    return texts;
  }

  /** Binds every value as the named parameter of its column, each typed by its column (a NULL too). */
  <S extends SqlStatement<S>> S bindTo(S s) {
    for (int i = 0; i < values.size(); i++) {
      String c = columns.get(i);
      Object v = values.get(i);
      switch (types.get(i)) {
        case TEXT -> s.bind(c, (String) v);
        case BIGINT -> s.bind(c, (Long) v);
        case INTEGER -> s.bind(c, (Integer) v);
        case BOOLEAN -> s.bind(c, (Boolean) v);
        case DOUBLE -> s.bind(c, (Double) v);
        case TIMESTAMP -> s.bind(c, Stamps.arg((Instant) v));
      }
    }
    return s;
  }

  /**
   * Rows of the same shape as text arrays, one per column: {@link #source(String)} gives the {@code unnest}
   * source for a statement (one positional parameter per column, in column order), {@link #arrays()} the arrays
   * to bind to them. A value travels as the text PostgreSQL reads back exactly with a cast to the column's type
   * (Java's shortest decimal of a double rounds back to the same double; timestamps are ISO-8601 UTC in whole
   * microseconds).
   */
  static final class Columns {
    private List<String> names;
    private List<Type> types;
    private final List<String[]> rows = new ArrayList<>();

    Columns add(RowValues row) {
      if (names == null) {
        names = List.copyOf(row.columns);
        types = List.copyOf(row.types);
      } else if (!names.equals(row.columns)) {
        throw new IllegalArgumentException("rows of different columns: " + names + " and " + row.columns);
      }
      rows.add(row.texts());
      return this;
    }

    int rows() {
      return rows.size();
    }

    /** {@code unnest(CAST(? AS varchar[]), ...) AS alias(a, ...)}. */
    String source(String alias) {
      StringBuilder args = new StringBuilder();
      StringBuilder cols = new StringBuilder();
      for (String n : names) {
        if (args.length() > 0) {
          args.append(", ");
          cols.append(", ");
        }
        args.append("CAST(? AS varchar[])");
        cols.append(n);
      }
      return "unnest(" + args + ") AS " + alias + "(" + cols + ")";
    }

    /** {@code alias.a, CAST(alias.b AS bigint), ...}: every column of the source but {@code except}, typed. */
    String typedValues(String alias, String... except) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < names.size(); i++) {
        if (List.of(except).contains(names.get(i))) {
          continue;
        }
        if (b.length() > 0) {
          b.append(", ");
        }
        b.append(typed(alias, i));
      }
      return b.toString();
    }

    /** {@code a = alias.a, b = CAST(alias.b AS bigint), ...} for every column but {@code except}. */
    String assignments(String alias, String... except) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < names.size(); i++) {
        if (List.of(except).contains(names.get(i))) {
          continue;
        }
        if (b.length() > 0) {
          b.append(", ");
        }
        b.append(names.get(i)).append(" = ").append(typed(alias, i));
      }
      return b.toString();
    }

    /** The column names but {@code except}, comma separated. */
    String names(String... except) {
      return String.join(", ", names.stream().filter(n -> !List.of(except).contains(n)).toList());
    }

    private String typed(String alias, int i) {
      String ref = alias + "." + names.get(i);
      return types.get(i) == Type.TEXT ? ref : "CAST(" + ref + " AS " + types.get(i).sql + ")";
    }

    /** One array per column, in column order: the values of the parameters of {@link #source(String)}. */
    List<String[]> arrays() {
      List<String[]> out = new ArrayList<>(names.size());
      for (int i = 0; i < names.size(); i++) {
        String[] column = new String[rows.size()];
        for (int r = 0; r < column.length; r++) {
          column[r] = rows.get(r)[i];
        }
        out.add(column);
      }
      return out;
    }

    static String text(Object v) {
      if (v == null) {
        return null;
      }
      if (v instanceof Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS).toString();
      }
      return v.toString();
    }
  }
}
