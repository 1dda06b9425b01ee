"""URL patterns of one part of 政民互动 (see letters/urls.py): `public` and `staff` lists."""

public: list = []
staff: list = []
