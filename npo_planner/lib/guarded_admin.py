"""Base classes for every admin page of the project.

The admin writes data outside the services, so it brings the services' guarantees along:

- Two administrators editing the same thing never silently overwrite each other. Every form field carries the
  value it was opened with (Django's hidden initial). A save is refused, field by field, when the stored value has
  changed since. The row stays locked until the save is done.
- A model with an optimistic-lock `version` (checked by the app's own pages) gets it raised on every admin save, so
  a page opened in the app before the admin change is refused in turn. The admin cannot edit `version` itself.
- Every addition, change and deletion is written to the audit log, under the school the object belongs to.
- School data that changes only through the app's pages (which apply the rules: consent, frozen versions, closed
  surveys, pupil privacy) and the logs are shown, never changed (`ViewOnly`). The admin changes reference data:
  the catalogue, the instruments, school years, boards, schools, groups, memberships and survey templates.
"""

import datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, router, transaction
from django.utils.translation import gettext as _

from npo_planner.lib.dutch_numbers import is_typed_number, number_formfield
from npo_planner.lib.edit_conflict import VERSION_FIELD, EditConflict
from npo_planner.scholen.models import School
from npo_planner.scholen.services import audit_record


def _has_version(model) -> bool:
    try:
        return model._meta.get_field(VERSION_FIELD).concrete
    except FieldDoesNotExist:
        return False


class EditConflictForm(forms.ModelForm):
    """Refuses to save fields whose stored value changed after the form was opened."""

    def clean(self):
        cleaned_data = super().clean()
        instance = self.instance
        if instance.pk is None or instance._state.adding:
            return cleaned_data
        stored = type(instance)._base_manager.all()
        if connection.in_atomic_block:
            stored = stored.select_for_update()
        current = stored.filter(pk=instance.pk).first()
        if current is None:
            raise EditConflict(
                _("Dit is intussen door iemand anders verwijderd. Uw wijzigingen zijn niet opgeslagen.")
            )
        changed = [name for name in self._fields_opened_with() if self._changed_since_opened(name, current)]
        for name in changed:
            self.add_error(name, _("Iemand anders heeft dit veld intussen gewijzigd."))
        if changed:
            raise EditConflict(
                _(
                    "Iemand anders heeft dit intussen gewijzigd. Uw wijzigingen zijn niet opgeslagen: open de "
                    "pagina opnieuw om de huidige gegevens te zien."
                )
            )
        self._take_the_rest_from(current)
        return cleaned_data

    def _fields_opened_with(self):
        """The model fields of this form whose opened-with value came along with the post."""
        for name, field in self.fields.items():
            if field.show_hidden_initial and self.add_initial_prefix(name) in self.data:
                try:
                    self.instance._meta.get_field(name)
                except FieldDoesNotExist:
                    continue
                yield name

    def _changed_since_opened(self, name, current) -> bool:
        field = self.fields[name]
        opened_with = field.hidden_widget().value_from_datadict(
            self.data, self.files, self.add_initial_prefix(name)
        )
        stored_value = self.instance._meta.get_field(name).value_from_object(current)
        if (
            isinstance(stored_value, datetime.datetime | datetime.time)
            and not field.widget.supports_microseconds
        ):
            stored_value = stored_value.replace(microsecond=0)  # as the form showed it (BoundField.initial)
        return field.has_changed(stored_value, opened_with)

    def _take_the_rest_from(self, current) -> None:
        """Fields outside this form are saved as stored now (the object may have been read before the lock), and
        the version goes up."""
        for model_field in self.instance._meta.concrete_fields:
            if model_field.name not in self.fields and not model_field.primary_key:
                setattr(self.instance, model_field.attname, getattr(current, model_field.attname))
        if _has_version(type(self.instance)):
            self.instance.version = current.version + 1


class ViewOnly:
    """Shown in the admin, never added, changed or deleted there."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GuardedFieldsMixin:
    """For model admins and inlines: conflict-checked forms, and `version` shown but never edited."""

    form = EditConflictForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if is_typed_number(db_field):  # amounts and numbers typed the Dutch way, as in the app's forms
            formfield = number_formfield(db_field, **kwargs)
        else:
            formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.show_hidden_initial = True
        return formfield

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if _has_version(self.model) and VERSION_FIELD not in readonly:
            readonly.append(VERSION_FIELD)
        return readonly


def school_of(obj) -> School | None:
    """The school an object belongs to: itself, its `school`, or the school of what it points to (one step)."""
    if isinstance(obj, School):
        return obj
    if getattr(obj, "school_id", None):
        return obj.school
    for model_field in obj._meta.concrete_fields:
        if model_field.is_relation and model_field.many_to_one and getattr(obj, model_field.attname):
            parent = getattr(obj, model_field.name)
            if isinstance(parent, School):
                return parent
            if getattr(parent, "school_id", None):
                return parent.school
    return None


class GuardedModelAdmin(GuardedFieldsMixin, admin.ModelAdmin):
    def get_changelist_form(self, request, **kwargs):
        # Django builds the list's form from a plain ModelForm; the editable rows need the conflict check too.
        kwargs.setdefault("form", self.form)
        return super().get_changelist_form(request, **kwargs)

    def changelist_view(self, request, extra_context=None):
        # Django validates the list's editable rows outside its transaction; the conflict check needs the lock.
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().changelist_view(request, extra_context)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._audit(request, obj, "admin.add", _("Beheer: %(object)s toegevoegd"))
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._audit(
            request, obj, "admin.change", _("Beheer: %(object)s gewijzigd"), entry.get_change_message()
        )
        return entry

    def log_deletions(self, request, queryset):
        entries = super().log_deletions(request, queryset)
        for obj in queryset:
            self._audit(request, obj, "admin.delete", _("Beheer: %(object)s verwijderd"))
        return entries

    def _audit(self, request, obj, action, summary, details="") -> None:
        text = summary % {"object": f"{obj._meta.verbose_name} '{obj}'"}
        audit_record(
            user=request.user,
            school=school_of(obj),
            action=action,
            summary=f"{text}. {details}" if details else text,
            target=obj,
        )


class GuardedTabularInline(GuardedFieldsMixin, admin.TabularInline):
    pass
