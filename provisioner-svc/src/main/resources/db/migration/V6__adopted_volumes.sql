-- A volume adopted from another cluster domain (disaster recovery): the cluster domain it came from. Its array
-- volume belongs to that site: the provisioner never destroys it, whatever the reclaim policy says.
ALTER TABLE volume ADD COLUMN adopted_from TEXT;
