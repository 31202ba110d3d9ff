"""The people screens: the list and a person's page, exam sessions, certificates, and the
establishment against the actual staff."""
