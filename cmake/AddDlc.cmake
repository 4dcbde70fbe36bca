# Thin wrappers that keep each CMakeLists.txt to a few lines.

# add_dlc_library(name SRCS... [LINK libs...])
# A static library of the compiler, linked against libMLIR.so/libLLVM.so.
function(add_dlc_library name)
  cmake_parse_arguments(ARG "" "" "LINK;DEPENDS" ${ARGN})
  add_library(${name} STATIC ${ARG_UNPARSED_ARGUMENTS})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_link_libraries(${name} PUBLIC ${ARG_LINK} MLIR LLVM)
  # Every compiler library may include any generated header.
  add_dependencies(${name} DlcGenGraphOps DlcGenGraphAttrs DlcGenDlcGraphPasses
    DlcGenDlcConversionPasses DlcGenDlcTransformsPasses ${ARG_DEPENDS})
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  install(TARGETS ${name} EXPORT dlcTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
endfunction()

# add_dlc_dialect(Graph dlc): tablegen a dialect's ops, types and docs.
function(add_dlc_dialect td namespace)
  set(LLVM_TARGET_DEFINITIONS ${td}.td)
  mlir_tablegen(${td}.h.inc -gen-op-decls)
  mlir_tablegen(${td}.cpp.inc -gen-op-defs)
  mlir_tablegen(${td}Dialect.h.inc -gen-dialect-decls -dialect=${namespace})
  mlir_tablegen(${td}Dialect.cpp.inc -gen-dialect-defs -dialect=${namespace})
  add_public_tablegen_target(DlcGen${td})
endfunction()

# add_dlc_passes(Passes Name): tablegen pass declarations.
function(add_dlc_passes td name)
  set(LLVM_TARGET_DEFINITIONS ${td}.td)
  mlir_tablegen(${td}.h.inc -gen-pass-decls -name ${name})
  add_public_tablegen_target(DlcGen${name}Passes)
endfunction()
