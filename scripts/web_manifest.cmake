# Writes the manifest of the web UI (MARK-2-1-4): one line per file under WEB, sorted,
# "<sha256 hex>  <path relative to WEB>", into OUT. `anshin serve` checks [web] root against it
# at start and periodically and refuses to serve a file that differs.
# Usage: cmake -DWEB=web -DOUT=build/web.manifest -P scripts/web_manifest.cmake
file(GLOB_RECURSE files LIST_DIRECTORIES false RELATIVE "${WEB}" "${WEB}/*")
list(SORT files)
set(text "")
foreach(f IN LISTS files)
  file(SHA256 "${WEB}/${f}" h)
  string(APPEND text "${h}  ${f}\n")
endforeach()
file(WRITE "${OUT}.tmp" "${text}")
file(RENAME "${OUT}.tmp" "${OUT}")
