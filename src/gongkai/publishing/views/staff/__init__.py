"""政务公开 in the workbench, a module per screen: `lists` (the tabs of items), `editing`
(the item form), `detail` (the item page), `steps` (its review and publication buttons),
`history` (preview and revisions), `health` (站点健康) and `columns` (栏目 settings).

Every write is one action of publishing.actions.
"""
