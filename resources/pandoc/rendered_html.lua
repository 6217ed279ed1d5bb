-- Reads the editor's rendered HTML (editor/core/export_docx.py) into pandoc's own structures:
-- the title block becomes the document's metadata (so the DOCX writer makes Title, Subtitle,
-- Author and Date paragraphs and document properties from it), and a footnote reference,
-- which the editor wraps in <sup>, becomes a bare note (Word's footnote reference style
-- already raises it; a Superscript around it would be a second, manual raise).

local function title_block(div, meta)
  local authors = pandoc.List()
  for _, part in ipairs(div.content) do
    if part.t == "Div" and #part.classes > 0 then
      local inlines = pandoc.utils.blocks_to_inlines(part.content)
      local role = part.classes[1]
      if role == "author" then
        authors:insert(pandoc.MetaInlines(inlines))
      elseif role == "title" or role == "subtitle" or role == "date" then
        meta[role] = pandoc.MetaInlines(inlines)
      end
    end
  end
  if #authors > 0 then
    meta.author = pandoc.MetaList(authors)
  end
end

-- --metadata gives plain strings, which the DOCX writer's properties would print empty.
local function as_inlines(value)
  if type(value) == "string" then
    return pandoc.MetaInlines(pandoc.Inlines(value))
  elseif pandoc.utils.type(value) == "List" then
    return pandoc.MetaList(value:map(as_inlines))
  end
  return value
end

-- Review comments (core/review/resolve.word_html writes them for Word): each comment-start
-- and the comment-end after it share a number, which pandoc's DOCX writer pairs by. Marks
-- never nest, so a comment ends before the next one starts.
local function number_comments(doc)
  local count, open = 0, nil
  return doc:walk({
    traverse = "topdown",
    Span = function(span)
      if span.classes:includes("comment-start") then
        count = count + 1
        open = tostring(count)
        span.identifier = open
        return span
      elseif span.classes:includes("comment-end") and open ~= nil then
        span.identifier = open
        open = nil
        return span
      end
    end,
  })
end

function Pandoc(doc)
  for _, key in ipairs({ "keywords", "subject", "description" }) do
    if doc.meta[key] ~= nil then
      doc.meta[key] = as_inlines(doc.meta[key])
    end
  end
  local blocks = pandoc.List()
  for _, block in ipairs(doc.blocks) do
    if block.t == "Div" and block.identifier == "title-block-header" then
      title_block(block, doc.meta)
    else
      blocks:insert(block)
    end
  end
  doc.blocks = blocks
  doc = number_comments(doc)
  return doc:walk({
    Superscript = function(sup)
      if #sup.content == 1 and sup.content[1].t == "Note" then
        return sup.content
      end
    end,
  })
end
