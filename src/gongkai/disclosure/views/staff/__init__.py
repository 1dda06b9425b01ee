"""依申请公开 in the workbench, a module per screen: `requests` (the list, registering a
request that came on paper), `detail` (the request page), `steps` (its next steps),
`documents` (its files) and `notice_templates` (the reply-notice templates).

Every write is one action of disclosure.actions.
"""
