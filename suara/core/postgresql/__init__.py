"""Django's PostgreSQL backend, with the connection health check only after a pause (see ``base``)."""
