"""`manage.py db_worker`, django-tasks-db's worker, made to outlive an outage of the database.

Their worker exits at the first error from the database, and e-mails queued
meanwhile would wait until someone started it again by hand. This one says
so in one line, waits for the database, and carries on; a delivery run the
outage cut short is lost with its task, so it then queues one that sends
every e-mail still due.
"""

import contextlib
import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

from award import mail

logger = logging.getLogger(__name__)

# How often to try the database while it does not answer.
RETRY_SECONDS = 2


class Command(db_worker.Command):
    help = db_worker.Command.help + " Waits for the database when it does not answer."

    def handle(self, **options):
        while True:
            try:
                return super().handle(**options)
            except (OperationalError, InterfaceError) as error:
                logger.error("The database does not answer (%s); waiting for it.", error)
                self.wait_for_the_database()
                logger.info("The database answers again; sending what is queued.")
                mail.deliver.enqueue()

    def wait_for_the_database(self):
        while True:
            # A broken connection is dropped, whatever it says while closing.
            with contextlib.suppress(OperationalError, InterfaceError):
                connections.close_all()
            time.sleep(RETRY_SECONDS)
            try:
                connections["default"].ensure_connection()
            except (OperationalError, InterfaceError):
                continue
            return
