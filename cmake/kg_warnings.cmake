# Compiler warnings for kg's own targets (not for consumers of the installed
# package, and not for third-party code): kg_target_warnings(TARGET).
# KG_WERROR adds -Werror (CI turns it on with GCC).
function(kg_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  if(KG_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
