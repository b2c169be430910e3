# The exports of a session's quiz results (CSV files and the PDF report), read
# back after writing. The PDF needs QtGui and a QGuiApplication for its fonts,
# hence the GUI test main. Until QuizReport.cpp is in classroom_console_core's
# source list the test compiles it itself.
add_executable(quiz_report_tests QuizReportTest.cpp)
get_target_property(_console_core_sources classroom_console_core SOURCES)
list(FILTER _console_core_sources INCLUDE REGEX "QuizReport\\.cpp$")
if(NOT _console_core_sources)
  target_sources(quiz_report_tests PRIVATE ${PROJECT_SOURCE_DIR}/teacher-console/core/QuizReport.cpp)
endif()
target_link_libraries(quiz_report_tests PRIVATE classroom_test_main_gui Qt6::Gui GTest::gmock)
gtest_discover_tests(quiz_report_tests DISCOVERY_TIMEOUT 60 PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
