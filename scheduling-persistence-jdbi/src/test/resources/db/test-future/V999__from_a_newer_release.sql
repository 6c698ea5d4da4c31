-- Test only: stands for a migration shipped by a newer release than the code under test.
CREATE TABLE from_a_newer_release (id INTEGER);
