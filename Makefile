# Playbook: `make site` builds the sample handbook, `make test` runs every test.
# Each creates .venv/ and installs the pinned dependencies first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site serve test check lint bench clean vendor-editor vendor-editor-libraries

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# Debian's Chromium drives the browser tests (never a browser download); CJK fonts make
# the screenshots readable and set the PDF pack; Java runs the Nu Html Checker (vnu.jar,
# from tests/js); nginx and htpasswd (apache2-utils) serve the audiences in the web-server
# test; poppler's pdffonts and qpdf check the PDF pack.
# Installed once, with apt, as root or through sudo.
BROWSER := $(VENV)/.browser

$(BROWSER): $(STAMP)
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=zh 2>/dev/null | grep -q . \
	    || ! command -v java >/dev/null 2>&1 || ! command -v htpasswd >/dev/null 2>&1 \
	    || ! { command -v nginx || test -x /usr/sbin/nginx; } >/dev/null 2>&1 \
	    || ! command -v pdffonts >/dev/null 2>&1 || ! command -v qpdf >/dev/null 2>&1; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    chromium fonts-noto-cjk fontconfig default-jre-headless nginx apache2-utils \
	    poppler-utils qpdf >/dev/null; \
	fi
	touch $@

# Third-party checkers nobody here wrote (Mozilla's ical.js, ajv, axe-core, vnu.jar), pinned in tests/js/package-lock.json.
# Node comes from Debian's packages when the machine has none.
JS_STAMP := tests/js/node_modules/.installed

$(JS_STAMP): tests/js/package.json tests/js/package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; \
	fi
	npm ci --prefix tests/js --no-audit --no-fund --silent
	touch $@

site: $(STAMP)  ## build the sample handbook into site/ (strict)
	$(BIN)/playbook build

serve: $(STAMP)  ## serve the sample handbook on http://127.0.0.1:8000 with live reload
	$(BIN)/playbook serve

check: $(STAMP)  ## validate clients/ and industries/
	$(BIN)/playbook check

test: $(STAMP) $(BROWSER) $(JS_STAMP)  ## run the whole test suite (browser tests included)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/python -m pytest -n 2

bench: $(STAMP)  ## benchmark against the YAML and MkDocs floors (N = 100, 1,000, 3,000; ~15 min)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check generator tests

clean:
	rm -rf site .venv .pytest_cache tests/js/node_modules

DECAP_VERSION ?= 3.16.3
vendor-editor:  ## refresh the vendored form editor (Decap CMS) from the npm registry; needs npm
	rm -rf build/decap && mkdir -p build/decap
	cd build/decap && npm pack --silent decap-cms@$(DECAP_VERSION) >/dev/null && tar xzf decap-cms-$(DECAP_VERSION).tgz
	rm -f generator/assets/decap/*.js
	cp build/decap/package/dist/decap-cms.js build/decap/package/dist/*.decap-cms.js generator/assets/decap/
	cd generator/assets/decap && sha256sum *.js > SHA256SUMS
	sed -i 's/^- version: .*/- version: $(DECAP_VERSION)/' generator/assets/decap/VENDORED.md

PINYIN_PRO_VERSION ?= 3.29.4
JS_YAML_VERSION ?= 4.1.0
YAML_VERSION ?= 2.9.1
ESBUILD_VERSION ?= 0.28.2
# The `yaml` package ships its browser build as ES modules: esbuild joins them, unminified,
# into one classic script (window.YAML), with the package's licence on top.
vendor-editor-libraries:  ## refresh the editor's pinyin and YAML libraries from the npm registry; needs npm
	rm -rf build/vendor && mkdir -p build/vendor
	cd build/vendor && npm pack --silent pinyin-pro@$(PINYIN_PRO_VERSION) js-yaml@$(JS_YAML_VERSION) yaml@$(YAML_VERSION) >/dev/null
	cd build/vendor && mkdir p y yaml && tar xzf pinyin-pro-$(PINYIN_PRO_VERSION).tgz -C p \
	  && tar xzf js-yaml-$(JS_YAML_VERSION).tgz -C y && tar xzf yaml-$(YAML_VERSION).tgz -C yaml
	cp build/vendor/p/package/dist/index.js generator/assets/vendor/pinyin-pro.js
	cp build/vendor/y/package/dist/js-yaml.min.js generator/assets/vendor/js-yaml.min.js
	cd build/vendor && npm exec --yes --package=esbuild@$(ESBUILD_VERSION) -- esbuild \
	  yaml/package/browser/index.js --bundle --format=iife --global-name=YAML --target=es2020 \
	  --log-level=warning --outfile=yaml-bundle.js
	{ printf '/*! yaml %s (https://github.com/eemeli/yaml), its browser build joined by esbuild %s\n\n' \
	    $(YAML_VERSION) $(ESBUILD_VERSION); cat build/vendor/yaml/package/LICENSE; printf '*/\n'; \
	  cat build/vendor/yaml-bundle.js; } > generator/assets/vendor/yaml.js
	cd generator/assets/vendor && sha256sum *.js > SHA256SUMS
