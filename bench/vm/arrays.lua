local a, keys = {}, {}
for i = 0, 8000000 - 1 do
	local k = i % 1000
	if a[k] == nil then keys[#keys + 1] = k; a[k] = 0 end
	a[k] = a[k] + i
end
local t = 0
for i = 0, 8000000 - 1 do t = t + (a[i % 1500] or 0) end
for r = 1, 200 do for _, k in ipairs(keys) do t = t + a[k] end end
print(t)
