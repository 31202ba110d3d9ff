"""Facility screens: depots, stations, workshops, gun cabinets … of the user's subtree, with
their investments, inspections and storage-condition readings."""
