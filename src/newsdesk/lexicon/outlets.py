"""News outlets and agencies: the names that credit a story or a photo rather than act in it."""

from __future__ import annotations

# Photo and wire agencies whose name alone makes a credit line ("AFP", "Reuters/Jane Doe"), lower case.
PHOTO_CREDITS = ("getty images", "afp", "reuters", "ap photo", "epa")
