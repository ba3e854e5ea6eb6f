"""Backups written before format 3 hold a KanVAS pending upload's file and Plan in the row itself (`data`, `plan`);
since then they are files in the default storage (migration 0010). An upload in hand is transient and is not
carried into a restored database: reading such a backup leaves those rows out, as the migration dropped them."""

PENDING_UPLOAD = "kanvas.pendingupload"


def pending_uploads_left_out(objects: list[dict]) -> list[dict]:
    return [item for item in objects if item.get("model") != PENDING_UPLOAD]
