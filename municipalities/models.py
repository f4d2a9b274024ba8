import unicodedata

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# Letters that Unicode does not decompose into a base letter and a mark, and
# the ways people type them on a keyboard without them.
NORWEGIAN_SPELLINGS = (
    str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"}),
    str.maketrans({"æ": "ae", "ø": "o", "å": "a"}),
    str.maketrans({"æ": "a", "ø": "o", "å": "a"}),
)
SAMI_LETTERS = str.maketrans({"đ": "d", "ŋ": "n", "ŧ": "t"})


def without_special_letters(name, table):
    plain = unicodedata.normalize("NFKD", name.lower().translate(table).translate(SAMI_LETTERS))
    return "".join(c for c in plain if not unicodedata.combining(c))


def spellings(name):
    """The ways a person may type a name: as written, and without æ ø å or accents."""
    forms = [name.lower()] + [without_special_letters(name, t) for t in NORWEGIAN_SPELLINGS]
    return list(dict.fromkeys(forms))


def municipality_slug(name):
    return slugify(without_special_letters(name, NORWEGIAN_SPELLINGS[1]))


class County(models.Model):
    number = models.CharField(_("fylkesnummer"), max_length=2, unique=True)
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")
        ordering = ["number"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.number,)


class WrittenStandard(models.TextChoices):
    """The municipality's målvedtak: the written standard the state writes to it in."""

    BOKMAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")
    NEUTRAL = "neutral", _("Nøytral")


class MunicipalityQuerySet(models.QuerySet):
    def search(self, query):
        """Municipalities whose name contains the query, typed with or without æ ø å."""
        query = " ".join(query.lower().split())
        if not query:
            return self.none()
        return self.filter(search_text__contains=query)


class MunicipalityManager(models.Manager.from_queryset(MunicipalityQuerySet)):
    def get_by_natural_key(self, number):
        return self.get(number=number)


class Municipality(models.Model):
    number = models.CharField(_("kommunenummer"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    sami_name = models.CharField(_("samisk navn"), max_length=100, blank=True)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("fylke")
    )
    written_standard = models.CharField(
        _("målform (målvedtak)"),
        max_length=8,
        choices=WrittenStandard.choices,
        default=WrittenStandard.NEUTRAL,
        help_text=_("Skriftspråket kommunen har vedtatt. Brev og e-post til kommunen følger det."),
    )
    slug = models.SlugField(_("adresse"), max_length=120, unique=True, editable=False)
    search_text = models.TextField(editable=False)

    objects = MunicipalityManager()

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = municipality_slug(self.name)
        self.search_text = " ".join(spellings(self.name) + spellings(self.sami_name))
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.number,)

    @property
    def display_name(self):
        """The name with the Sami name beside it, as the municipality writes itself."""
        if self.sami_name:
            return f"{self.name} – {self.sami_name}"
        return self.name


    def language_code(self):
        """The language the state writes to the municipality in: nynorsk where it has
        chosen nynorsk, bokmål otherwise (a neutral municipality may get either)."""
        if self.written_standard == WrittenStandard.NYNORSK:
            return "nn"
        return "nb"
