"""What a browser would submit from a page's form: every named input, checked box, selected option and textarea.

Admin forms carry hidden fields a hand-made dict would miss (the values a form was opened with, the inline
management form), so tests of the admin post what the page holds, changed where the test says.
"""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._select = None
        self._select_multiple = False
        self._first_option = None
        self._option = None
        self._textarea = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._add(name, attrs.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            self._select_multiple = "multiple" in attrs
            self._first_option = None
            self.data.setdefault(name, [])
        elif tag == "option" and self._select:
            self._option = attrs
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data
        if self._option is not None:
            self._option["_text"] = self._option.get("_text", "") + data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "option" and self._option is not None:
            value = self._option.get("value", self._option.get("_text", "").strip())
            if self._first_option is None:
                self._first_option = value
            if "selected" in self._option:
                self._add(self._select, value)
            self._option = None
        elif tag == "select" and self._select:
            # a single select without a selected option submits its first option
            if not self.data[self._select] and not self._select_multiple and self._first_option is not None:
                self._add(self._select, self._first_option)
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data[self._textarea][-1] = self.data[self._textarea][-1].removeprefix("\n")
            self._textarea = None


def form_data(html: str, form_id: str) -> dict[str, list[str]]:
    reader = _FormReader(form_id)
    reader.feed(html)
    return {name: values for name, values in reader.data.items() if values}


def admin_form(client, url: str) -> dict[str, list[str]]:
    """The data of the admin change form (or changelist form) at `url`, as the browser would post it unchanged."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    form_id = (
        "changelist-form" if "changelist-form" in html else f"{response.context['opts'].model_name}_form"
    )
    return form_data(html, form_id)
