#pragma once
// JSONL news articles written for the build, extract and merge tests.
namespace kg::test {

// Articles written for the tests: the same companies and claims recur across
// them, so merge order matters (labels, aliases, combined confidences).
inline const char* const news_articles[] = {
    R"({"id": "p01", "title": "Acme sues Globex", "text": "Acme Robotics sued Globex Corp over a patent on Monday. Globex said it would fight the lawsuit."})",
    R"({"id": "p02", "text": "It is believed that Acme Robotics sued Globex Corporation. The company, Acme, was founded by Jane Porter in 2009."})",
    R"({"id": "p03", "title": "Initech buys Hooli", "text": "Initech Corp acquired Hooli Inc last year. Hooli's chief executive, Gavin Belson, did not comment."})",
    R"({"id": "p04", "text": "The US Department of Commerce placed Northwind Robotics on a blacklist. A federal judge later halted the ban."})",
    R"({"id": "p05", "text": "Jane Porter, the founder of Acme Robotics, met with Gavin Belson in Denver. Porter said Acme would not sue Hooli."})",
    R"({"id": "p06", "text": "According to Reuters, Globex Corp invested in Northwind Robotics. Northwind is based in Denver."})",
    R"({"id": "p07", "text": "Acme Robotics sued Globex Corp again, this time over trade secrets. Globex denied the claims."})",
    R"({"id": "p08", "text": "Hooli Inc was fined by the European Commission. Gavin Belson, Hooli's CEO, said the company would appeal."})",
};

}  // namespace kg::test
