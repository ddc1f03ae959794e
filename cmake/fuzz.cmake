# libFuzzer targets (tests/fuzz/fuzz_*.c), built when configured with -DANSHIN_FUZZ=ON and
# CMAKE_C_COMPILER=clang (see tests/fuzz/README.md; `make fuzz` does both in build-fuzz/).
# The project's libraries are compiled with coverage instrumentation and ASan + UBSan
# (-fsanitize=fuzzer-no-link); each target adds libFuzzer's main (-fsanitize=fuzzer).
# The normal gcc build never includes this file.
if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "ANSHIN_FUZZ=ON needs clang: cmake -DCMAKE_C_COMPILER=clang -DANSHIN_FUZZ=ON")
endif()

set(AN_FUZZ_SAN -fsanitize=address,undefined -fno-sanitize-recover=undefined
                -fno-omit-frame-pointer -g)
set(AN_FUZZ_LIBS an_core an_crypto an_mfa an_store an_domain an_http)
foreach(lib ${AN_FUZZ_LIBS})
  # The gcc build keeps the sources warning-free (-Werror); clang warns about a few things gcc
  # accepts (e.g. '&' on booleans in constant-time comparisons), so here warnings stay warnings.
  target_compile_options(${lib} PRIVATE -fsanitize=fuzzer-no-link ${AN_FUZZ_SAN} -Wno-error)
endforeach()

file(GLOB FUZZ_TARGETS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_*.c)
# Support code for the targets: a request without a network connection (support.c).
add_library(an_fuzz_support STATIC ${CMAKE_SOURCE_DIR}/tests/fuzz/support.c)
target_compile_options(an_fuzz_support PRIVATE -fsanitize=fuzzer-no-link ${AN_FUZZ_SAN})
target_link_libraries(an_fuzz_support PUBLIC an_http)
set(all_fuzz)
foreach(src ${FUZZ_TARGETS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer ${AN_FUZZ_SAN})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer ${AN_FUZZ_SAN})
  # The whole library stack: the route table alone reaches every layer.
  target_link_libraries(${name} PRIVATE an_fuzz_support an_http an_domain an_store an_crypto
                                        an_mfa an_core)
  list(APPEND all_fuzz ${name})
endforeach()
add_custom_target(fuzz_targets DEPENDS ${all_fuzz})
