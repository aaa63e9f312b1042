-- Goals and agenda items are one line: the bot now turns the line breaks
-- typed into them (Shift+Enter) into spaces, since a second line showed on
-- a line of its own in the bot's messages, where it could pass for the
-- bot's own words (in a goal posted to a channel by /goal share too).
-- Those stored before get the same.
UPDATE goals SET text = trim(replace(replace(replace(text, char(13) || char(10), ' '), char(10), ' '), char(13), ' '))
	WHERE instr(text, char(10)) > 0 OR instr(text, char(13)) > 0;
UPDATE agenda_items SET text = trim(replace(replace(replace(text, char(13) || char(10), ' '), char(10), ' '), char(13), ' '))
	WHERE instr(text, char(10)) > 0 OR instr(text, char(13)) > 0;
