"""The proof-of-work challenges of the vote and nomination forms, solved once and not accepted again."""

from django.db import models


class SpentChallenge(models.Model):
    """A solved proof-of-work challenge, kept until it expires so that it is accepted once."""

    NONCE_MAX_LENGTH = 100

    nonce = models.CharField(max_length=NONCE_MAX_LENGTH, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.nonce
