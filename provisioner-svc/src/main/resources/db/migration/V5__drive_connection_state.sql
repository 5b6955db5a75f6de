-- Why attach-svc could not connect a drive (DriveAttachFailed), shown with the pool until a DriveAttached
-- clears it; and where a drive's last detachment came from (fencing in a takeover).
alter table drive add column attach_failure text;
alter table drive add column detached_reason text;
