"""URL patterns of one part of 政务服务 (see services/urls.py): `public` and `staff` lists."""

public: list = []
staff: list = []
