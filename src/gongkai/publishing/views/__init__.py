"""Views of 政务公开: the public pages (public.py) and the workbench (staff.py)."""
