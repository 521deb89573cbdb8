-- One database per service (each owns its schema and runs its own migrations).
CREATE DATABASE identity;
CREATE DATABASE verification;
