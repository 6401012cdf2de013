"""An editable section: a list of records hanging off an owner (a profile, an application),
with the form that edits one record and the columns that show them.  The profile and the
application both describe their sections this way, and one set of pages edits them."""

from dataclasses import dataclass

from django import forms
from django.db import models


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    model: type[models.Model]
    form: type[forms.ModelForm]
    columns: tuple[str, ...]
    owner_field: str
    form_needs_owner: bool = False

    def records(self, owner):
        related = self.model._meta.get_field(self.owner_field).remote_field.related_name
        return getattr(owner, related or f"{self.model._meta.model_name}_set").all()

    def record_of(self, owner, record_id):
        return self.model.objects.filter(**{self.owner_field: owner}, pk=record_id).first()

    def make_form(self, owner, *args, **kwargs):
        if self.form_needs_owner:
            kwargs[self.owner_field] = owner
        return self.form(*args, **kwargs)

    def save(self, owner, form):
        record = form.save(commit=False)
        setattr(record, self.owner_field, owner)
        record.save()
        return record

    def column_labels(self):
        return [self.model._meta.get_field(column).verbose_name for column in self.columns]
