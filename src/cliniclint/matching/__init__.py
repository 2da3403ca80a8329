"""What the rule kinds match with: the page's text as the matchers see it, term
and phrase scans, compiled rules, time limits, sentence facts and the judge."""
