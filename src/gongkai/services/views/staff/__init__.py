"""The window's pages in the workbench: the queues, a case with its next steps, registering
an applicant at the window, and 首问负责."""
