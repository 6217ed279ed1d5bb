# The two commands: `make run` opens the editor on the sample article, `make test` runs every
# test. Both install what is missing first (packaging/bootstrap.sh). `make bundle` builds the
# standalone folder dist/article-editor/ with PyInstaller, `make test-bundle` tries it.
VENV := .venv
SAMPLE := resources/sample/article.md
BUNDLE := dist/article-editor

.PHONY: run test setup benchmark bundle test-bundle clean

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

# The type checker first: a type error fails `make test` before the suite runs.
test: setup
	$(VENV)/bin/python -m mypy
	QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox" \
		$(VENV)/bin/python -m pytest

# preview_latency.py starts its own Xvfb: it types into a real X window, as a user does.
benchmark: setup
	$(VENV)/bin/python benchmarks/preview_latency.py
	QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox" \
		$(VENV)/bin/python benchmarks/spelling.py --gui
	$(VENV)/bin/python benchmarks/citations.py
	$(VENV)/bin/python benchmarks/bibliography.py

bundle: setup
	@$(VENV)/bin/python -c "import PyInstaller" 2>/dev/null \
		|| $(VENV)/bin/python -m pip install --quiet -e '.[test,bundle]'
	$(VENV)/bin/python -m PyInstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/article-editor.spec
	@du -sh $(BUNDLE)

# Not part of `make test`: it needs a bundle, which takes a minute or two to build.
test-bundle:
	@test -x $(BUNDLE)/article-editor || { echo "No $(BUNDLE): run make bundle first." >&2; exit 1; }
	ARTICLE_EDITOR_BUNDLE=$(BUNDLE) $(VENV)/bin/python -m pytest -p no:cacheprovider \
		tests/test_bundle.py

clean:
	rm -rf $(VENV) out build dist *.egg-info
