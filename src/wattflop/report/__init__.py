"""Views of a :class:`~wattflop.result.SiteResult` for people: plotly figures and a
self-contained HTML report (:func:`wattflop.report.html.render_report`).

The report only reads a result (and the scenario that produced it, for names and catalogue
values); it never runs physics.

Every page needs plotly, the report extra (``pip install 'wattflop[report]'``): importing this
package without it raises :class:`wattflop.extras.MissingExtraError`, which names the extra.
"""

from wattflop.extras import require

require(
    "report",
    "writing HTML pages",
    "`wattflop run --no-report` writes result.json alone; the Python API needs no extra",
)
