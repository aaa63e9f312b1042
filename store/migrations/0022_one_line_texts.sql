-- Goals and agenda items are one line: the bot now turns the line breaks
-- typed into them (Shift+Enter) into spaces, since a second line showed on
-- a line of its own in the bot's messages, where it could pass for the
-- bot's own words (in a goal posted to a channel by /goal share too).
-- Those stored before get the same: every line break Go's strings.Fields
-- splits at (LF, CR, VT, FF, NEL, U+2028, U+2029) becomes a space, and
-- runs of spaces that makes are shortened (four rounds shorten runs of up
-- to 16, more than any line break left).
UPDATE goals SET text = trim(replace(replace(replace(replace(
		replace(replace(replace(replace(replace(replace(replace(text,
			char(13), ' '), char(10), ' '), char(11), ' '), char(12), ' '), char(133), ' '), char(8232), ' '), char(8233), ' '),
		'  ', ' '), '  ', ' '), '  ', ' '), '  ', ' '))
	WHERE text GLOB '*[' || char(10, 11, 12, 13, 133, 8232, 8233) || ']*';
UPDATE agenda_items SET text = trim(replace(replace(replace(replace(
		replace(replace(replace(replace(replace(replace(replace(text,
			char(13), ' '), char(10), ' '), char(11), ' '), char(12), ' '), char(133), ' '), char(8232), ' '), char(8233), ' '),
		'  ', ' '), '  ', ' '), '  ', ' '), '  ', ' '))
	WHERE text GLOB '*[' || char(10, 11, 12, 13, 133, 8232, 8233) || ']*';
