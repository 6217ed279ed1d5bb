# The two commands: `make run` opens the editor on the sample article, `make test` runs every
# test. Both install what is missing first (packaging/bootstrap.sh).
VENV := .venv
SAMPLE := resources/sample/article.md

.PHONY: run test setup benchmark clean

setup:
	@bash packaging/bootstrap.sh

run: setup
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		$(VENV)/bin/article-editor $(SAMPLE); \
	else \
		echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset): the editor needs a screen."; \
		echo "Exporting the sample article to HTML instead."; \
		mkdir -p out && $(VENV)/bin/article-editor export $(SAMPLE) -o out/sample-article.html; \
	fi

test: setup
	QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox" \
		$(VENV)/bin/python -m pytest

benchmark: setup
	QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox" \
		$(VENV)/bin/python benchmarks/preview_latency.py
	QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox" \
		$(VENV)/bin/python benchmarks/spelling.py --gui
	$(VENV)/bin/python benchmarks/citations.py
	$(VENV)/bin/python benchmarks/bibliography.py

clean:
	rm -rf $(VENV) out build dist *.egg-info
