"""Article Editor: an offline markdown editor for articles with references."""

__version__ = "0.1.0"
APP_ID = "org.articleeditor.ArticleEditor"
APP_NAME = "Article Editor"
