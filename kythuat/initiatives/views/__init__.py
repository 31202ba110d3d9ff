"""The screens of the initiatives app."""
