"""With FILE_STORAGE=s3 stored files go to S3-compatible object storage (here moto's S3 server on loopback):
the health check writes there, a background job's result is stored there and downloaded through the app, and the
clean-up finds the files no row names there."""

import datetime
import io
import uuid
import zipfile

import boto3
import pytest
from botocore.exceptions import ClientError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from moto.server import ThreadedMotoServer

from kanvas.services import PENDING_FOLDER
from npo_planner.jobs.models import RESULT_FOLDER, Job
from npo_planner.lib.stored_files import ORPHAN_MARGIN, file_store, orphan_files_delete
from tests.platform.serving import free_port
from tests.programma.factories import make_item, make_programme
from tests.programma.test_board_pdfs import start
from tests.queue import work_off_the_queue


@pytest.fixture
def two_programmes(cast):
    for school in (cast.school_a, cast.school_b):
        make_item(make_programme(school, cast.year), goal_area="B", cost_first_year=1000)


@pytest.fixture
def bucket():
    # moto keeps its buckets per process, whichever server instance made them: one name per test.
    return f"npo-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def object_storage(bucket):
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    keys = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "eu-west-1"}
    s3 = boto3.client("s3", endpoint_url=endpoint, **keys)
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    storages = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint,
                "region_name": "eu-west-1",
                "access_key": "test",
                "secret_key": "test",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield s3
    server.stop()


def test_health_writes_reads_and_deletes_in_the_object_storage(db, client, object_storage, bucket):
    default_storage.exists("x")  # the lazy storage is made from the overridden settings
    assert type(default_storage._wrapped).__name__ == "S3Storage"
    response = client.get(reverse("health"))
    assert response.json() == {"status": "ok", "database": "ok", "storage": "ok"}
    assert object_storage.list_objects_v2(Bucket=bucket).get("KeyCount") == 0  # the probe file is gone


def test_health_says_so_when_the_object_storage_is_gone(db, client, object_storage, bucket):
    object_storage.delete_bucket(Bucket=bucket)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["storage"] == "fout"


def test_a_jobs_result_is_stored_in_the_bucket_and_downloaded_through_the_app(
    client,
    cast,
    two_programmes,
    object_storage,
    bucket,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    client.force_login(cast.board_member)
    job = start(client, cast, django_capture_on_commit_callbacks)
    work_off_the_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    keys = [o["Key"] for o in object_storage.list_objects_v2(Bucket=bucket)["Contents"]]
    assert keys == [job.result_path]
    response = client.get(reverse("bestuur:job_download", kwargs={"job_id": job.pk}))
    assert len(zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()) == 2


def test_files_no_row_names_are_found_and_removed_in_the_bucket(cast, object_storage, bucket):
    job = Job.objects.create(kind="board_pdfs", board=cast.school_a.board, status=Job.Status.DONE)
    job.result_path = default_storage.save(f"{RESULT_FOLDER}/{job.pk}/a.zip", ContentFile(b"PK"))
    job.save(update_fields=["result_path"])
    orphans = {
        default_storage.save(f"{RESULT_FOLDER}/weg/b.zip", ContentFile(b"PK")),
        file_store(PENDING_FOLDER, b"leerlingen"),
    }
    elsewhere = default_storage.save("elders/oud.txt", ContentFile(b"x"))
    assert orphan_files_delete(now=timezone.now()) == 0  # all of them just stored: within the margin
    later = timezone.now() + ORPHAN_MARGIN + datetime.timedelta(hours=1)
    assert orphan_files_delete(now=later, dry_run=True) == 2
    assert orphan_files_delete(now=later) == 2
    keys = {o["Key"] for o in object_storage.list_objects_v2(Bucket=bucket)["Contents"]}
    assert keys == {job.result_path, elsewhere} and not keys & orphans


def test_the_clean_up_raises_when_the_bucket_is_gone(db, object_storage, bucket):
    object_storage.delete_bucket(Bucket=bucket)
    with pytest.raises(ClientError, match="NoSuchBucket"):
        orphan_files_delete(now=timezone.now())
