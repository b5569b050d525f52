# CPack settings for the Debian package: `cpack -G DEB` in a release build tree
# writes confab_<version>_amd64.deb. Included from packaging/CMakeLists.txt.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME confab)
set(CPACK_PACKAGE_VENDOR "The Confab developers")
set(CPACK_PACKAGE_CONTACT "Confab maintainers <maintainers@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Desktop chat client for OpenAI-compatible servers")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
# Directories in the package must be 0755 whatever the umask of the build.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
# The extended description; CPack puts the summary above it as the synopsis.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Confab is a small native Qt chat client for ChatGPT and every server that
speaks the OpenAI chat API (Azure OpenAI, DeepSeek, OpenRouter, Ollama,
llama.cpp, vLLM, LM Studio). Messages are saved before they are sent and
replies are saved as they stream in; the API key is kept in the system
keychain, never in a file.")
# Library dependencies come from the binary (dpkg-shlibdeps). What it cannot
# see is loaded at run time as a plugin: the SQLite driver the store needs.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Qt's own dialogs (file chooser, message boxes) in the user's language are
# part of speaking it, so their translations are a dependency too.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, qt6-translations-l10n")
# Wayland, and a Secret Service to keep the API key in.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland, gnome-keyring | libkf5wallet-bin")

include(CPack)
