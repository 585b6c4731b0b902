"""Django's PostgreSQL backend, with the connection health check only after a pause and prepared
statements for the hot paths that ask for them (see ``base``)."""
