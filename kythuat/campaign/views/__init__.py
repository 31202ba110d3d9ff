"""The Campaign 50 screens."""
