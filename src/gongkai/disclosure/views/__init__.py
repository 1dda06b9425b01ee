"""依申请公开 views: `public` for applicants on the portal, `staff` for the workbench."""
