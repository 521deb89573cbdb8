-- One database per service (each owns its schema and runs its own migrations).
CREATE DATABASE identity;
CREATE DATABASE biometric;
CREATE DATABASE verification;
CREATE DATABASE monitor;
-- The biometric gallery needs pgvector (the pgvector/pgvector image ships it); the service's migration creates the extension.
