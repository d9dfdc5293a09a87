local n = 0
for i = 0, 4000000 - 1 do
	local s = string.format("%d:", i) .. "abc" .. string.sub("0123456789", i % 10 + 1, i % 10 + 3)
	n = n + #s
end
print(n)
