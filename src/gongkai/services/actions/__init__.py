"""Every state change of 政务服务: one function each, in a transaction, with its audit event.

The parts: catalogue (items and their versions), catalogue_import (the XLSX catalogue),
powers (the 职权目录), inquiries (首问负责), cases (a case from intake to delivery).
"""
