local function new() return {count = 0, sum = 0, min = 0, max = 0} end
local function add(st, v)
	if st.count == 0 then st.min, st.max = v, v end
	st.count = st.count + 1
	st.sum = st.sum + v
	if v < st.min then st.min = v end
	if v > st.max then st.max = v end
end
local s, h = new(), {}
for k = 0, 9 do h[k] = new() end
for i = 0, 3000000 - 1 do add(s, i % 977); add(h[i % 10], i) end
local t = s.sum // s.count + s.count
for k = 0, 9 do t = t + h[k].max end
print(t)
