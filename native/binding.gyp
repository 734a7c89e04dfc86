# The native convolution kernels (see native/install.mjs). x86-64 with GCC or Clang gets the
# AVX2 and AVX-512 builds, picked at run time; everything else (arm64, MSVC) the portable one.
{
  "targets": [
    {
      "target_name": "blockwise_native",
      "sources": [
        "src/addon.cc",
        "src/addon_elementwise.cc",
        "src/addon_batchnorm.cc",
        "src/runtime.cc",
        "src/conv_generic.cc",
        "src/conv_avx2.cc",
        "src/conv_avx512.cc",
        "src/elementwise.cc",
        "src/batchnorm.cc",
        "src/elementwise_generic.cc",
        "src/elementwise_avx2.cc",
        "src/pool.cc"
      ],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++1y"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-fno-math-errno", "-Wno-maybe-uninitialized"],
      "defines": ["NAPI_VERSION=8"],
      "conditions": [
        ["target_arch=='x64' and OS!='win'", { "defines": ["BW_X86"] }],
        ["OS=='mac'", {
          "xcode_settings": {
            "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "GCC_OPTIMIZATION_LEVEL": "3",
            "MACOSX_DEPLOYMENT_TARGET": "10.15"
          }
        }],
        ["OS=='win'", {
          "msvs_settings": { "VCCLCompilerTool": { "ExceptionHandling": 1, "AdditionalOptions": ["/std:c++17", "/O2"] } }
        }]
      ]
    }
  ]
}
