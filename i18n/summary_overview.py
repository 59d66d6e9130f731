"""Texts of the summary card's one-screen overview and its fold-out sections."""

SV: dict[str, str] = {
    "summary.overview.reporting_detail": "({late} sent, {missing} saknas)",
    "summary.overview.green": "{count} uppfylls",
    "summary.overview.yellow": "{count} uppfylls delvis",
    "summary.overview.red": "{count} uppfylls inte",
    "summary.overview.not_reported": "{count} ej rapporterat",
    "summary.overview.attention": "Behöver uppmärksamhet ({count})",
    "summary.overview.details": "Visa mer",
    "summary.section.reporting": "Rapportering",
    "summary.section.perspectives": "Diagram",
    "summary.section.trends": "Utveckling",
    "summary.section.attention": "Uppmärksamhet ({count})",
    "summary.section.indicators": "Indikatorer ({count})",
    "summary.section.decisions": "Beslut ({count})",
    "summary.section.children": "Enheter ({count})",
}

EN: dict[str, str] = {
    "summary.overview.reporting_detail": "({late} late, {missing} missing)",
    "summary.overview.green": "{count} met",
    "summary.overview.yellow": "{count} partly met",
    "summary.overview.red": "{count} not met",
    "summary.overview.not_reported": "{count} not reported",
    "summary.overview.attention": "Needs attention ({count})",
    "summary.overview.details": "Show more",
    "summary.section.reporting": "Reporting",
    "summary.section.perspectives": "Charts",
    "summary.section.trends": "Trend",
    "summary.section.attention": "Attention ({count})",
    "summary.section.indicators": "Indicators ({count})",
    "summary.section.decisions": "Decisions ({count})",
    "summary.section.children": "Units ({count})",
}
