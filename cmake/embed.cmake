# Build-time embedding of data files into C sources.

# an_embed_migrations(OUT SYMBOL DIALECT files...): an array of {version, name, sql} in version
# order, each script in DIALECT (see scripts/migrations_to_c.py).
function(an_embed_migrations out symbol dialect)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/scripts/migrations_to_c.py ${dialect} ${symbol} ${out} ${ARGN}
    DEPENDS ${ARGN} ${CMAKE_SOURCE_DIR}/scripts/migrations_to_c.py
    COMMENT "Embedding ${symbol}"
    VERBATIM)
endfunction()

# an_embed_openapi(YAML OUT): YAML converted to JSON at build time, embedded as a string.
function(an_embed_openapi yaml out)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/scripts/openapi_to_c.py ${yaml} ${out}
    DEPENDS ${yaml} ${CMAKE_SOURCE_DIR}/scripts/openapi_to_c.py
    COMMENT "Embedding OpenAPI document"
    VERBATIM)
endfunction()

# an_embed_wordlist(TXT OUT): a word list as a sorted C array (an_common_passwords).
function(an_embed_wordlist txt out)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/scripts/wordlist_to_c.py ${txt} ${out}
    DEPENDS ${txt} ${CMAKE_SOURCE_DIR}/scripts/wordlist_to_c.py
    COMMENT "Embedding the common password list"
    VERBATIM)
endfunction()

# an_embed_catalogs(OUT files...): the compliance catalogs (issue 16), each JSON file checked and
# embedded as a string in the order given (an_catalog_json[], see scripts/catalogs_to_c.py).
function(an_embed_catalogs out)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/scripts/catalogs_to_c.py ${out} ${ARGN}
    DEPENDS ${ARGN} ${CMAKE_SOURCE_DIR}/scripts/catalogs_to_c.py
    COMMENT "Embedding the compliance catalogs"
    VERBATIM)
endfunction()
