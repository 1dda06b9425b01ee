"""gongkai (公开): open government for Chinese counties and townships."""
