"""Long lists shown a page at a time (Django's Paginator), with the page in `?pagina=` and the list's other
parameters (filters) kept in the page links. Template: `{% include "includes/pagination.html" %}`."""

from django.core.paginator import Page, Paginator

PAGE_PARAMETER = "pagina"


def page_of(request, items, per_page: int) -> tuple[Page, str]:
    """The requested page of `items` (a query: only that page is fetched; a page number out of range or not a number
    gives the last or the first page) and the request's other query parameters, for the page links."""
    page = Paginator(items, per_page).get_page(request.GET.get(PAGE_PARAMETER))
    others = request.GET.copy()
    others.pop(PAGE_PARAMETER, None)
    return page, others.urlencode()
