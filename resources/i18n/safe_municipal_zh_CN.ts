<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>SafeMunicipal</name>
    <message>
        <location filename="../../processing/provider.py"/>
        <source>Safe Municipal (平安市政)</source>
        <translation>平安市政</translation>
    </message>
    <message>
        <location filename="../../dialogs/about.py"/>
        <source>Version {version}</source>
        <translation>版本 {version}</translation>
    </message>
    <message>
        <location filename="../../dialogs/about.py"/>
        <source>One archive per road, bridge, tunnel and drainage facility (一路一桥一隧一档); condition grading against the national maintenance standards; the maintenance each grade calls for and when; thematic maps and health books for reports and planning meetings.</source>
        <translation>市政设施"一路一桥一隧一档"：每条道路、每座桥梁、每条隧道和每处排水设施一份档案；对照国家养护标准开展体检评定；按评定等级确定养护类别和时限；为汇报和规划会议输出专题地图和健康状况书。</translation>
    </message>
    <message>
        <location filename="../../dialogs/about.py"/>
        <source>Home page</source>
        <translation>主页</translation>
    </message>
    <message>
        <location filename="../../dialogs/about.py"/>
        <source>Report a problem</source>
        <translation>报告问题</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>About Safe Municipal</source>
        <translation>关于平安市政</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attachments.py"/>
        <source>New attachment</source>
        <translation>新建附件</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attachments.py"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../processing/alg_overview.py"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attachments.py"/>
        <source>Date taken</source>
        <translation>拍摄日期</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attachments.py"/>
        <source>Attach a file</source>
        <translation>添加附件文件</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attachments.py"/>
        <source>Not saved: the attachment layer is being edited in QGIS.</source>
        <translation>未保存：附件图层正在 QGIS 中编辑。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../dialogs/pg_store_dialog.py"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/panels.py"/>
        <source>Load more</source>
        <translation>加载更多</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attachments.py"/>
        <source>{kb} KB</source>
        <translation>{kb} KB</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attachments.py"/>
        <source>Taken on {date}</source>
        <translation>拍摄于 {date}</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attachments.py"/>
        <source>{loaded} of {total}</source>
        <translation>{loaded} / {total}</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attachments.py"/>
        <source>No attachments</source>
        <translation>无附件</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attachments.py"/>
        <source>Delete attachment</source>
        <translation>删除附件</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attachments.py"/>
        <source>Delete the attachment {name} from the archive?</source>
        <translation>从档案中删除附件 {name}？</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attributes.py"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attributes.py"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attributes.py"/>
        <source>Cancel edits</source>
        <translation>取消编辑</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attributes.py"/>
        <source>This layer cannot be edited.</source>
        <translation>该图层不可编辑。</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attributes.py"/>
        <source>The facility's layer is not in the project: its attributes are shown read-only.</source>
        <translation>该设施的图层不在项目中：属性以只读方式显示。</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attributes.py"/>
        <source>The attributes break a constraint of the layer; see the form.</source>
        <translation>属性不满足图层的约束条件，请查看表单。</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attributes.py"/>
        <source>QGIS could not save the attributes: {errors}</source>
        <translation>QGIS 无法保存属性：{errors}</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attributes.py"/>
        <source>Discard the unsaved attribute changes?</source>
        <translation>放弃未保存的属性修改？</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/record_editor.py"/>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/attributes.py"/>
        <source>The attributes of this facility have unsaved changes. Save them?</source>
        <translation>该设施的属性有未保存的修改，是否保存？</translation>
    </message>
    <message>
        <location filename="../../reports/chart.py"/>
        <source>No graded inspections yet</source>
        <translation>尚无已评级的检测记录</translation>
    </message>
    <message>
        <location filename="../../reports/chart.py"/>
        <source>Grade ({standard})</source>
        <translation>等级（{standard}）</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/detail_editor.py"/>
        <source>rain 1 in {rp} years (design {design} years), {depth} cm deep for {minutes} min</source>
        <translation>降雨 {rp} 年一遇（设计 {design} 年一遇），积水深 {depth} cm，持续 {minutes} min</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/detail_editor.py"/>
        <source>Live grade</source>
        <translation>实时评级</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/detail_editor.py"/>
        <source>Use for this record</source>
        <translation>用于本记录</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/detail_editor.py"/>
        <source>Copy the live grade and indices into the Grade and Indices fields</source>
        <translation>将实时等级和指标填入“等级”和“指标”字段</translation>
    </message>
    <message>
        <location filename="../../dialogs/meeting_dock.py"/>
        <source>Grades</source>
        <translation>各项等级</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/detail_editor.py"/>
        <source>Indices</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/detail_editor.py"/>
        <source>Category</source>
        <translation>养护类别</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/detail_editor.py"/>
        <source>The standard's action</source>
        <translation>标准建议措施</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/detail_editor.py"/>
        <source>not gradable yet</source>
        <translation>暂不能评级</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/detail_editor.py"/>
        <source>Not gradable yet: {reason}</source>
        <translation>暂不能评级：{reason}</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/record_editor.py"/>
        <source>{field}: {problem}</source>
        <translation>{field}：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/detail_editor.py"/>
        <source>line {line}, {field}</source>
        <translation>第 {line} 行，{field}</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/fields.py"/>
        <source>From {0} to {1}</source>
        <translation>{0} 至 {1}</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/fields.py"/>
        <source>(choose…)</source>
        <translation>（请选择…）</translation>
    </message>
    <message>
        <location filename="../../layers/forms.py"/>
        <source>(not set)</source>
        <translation>（未填写）</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/detail_editor.py"/>
        <source>Details, line {line}, {field}: {problem}</source>
        <translation>明细第 {line} 行，{field}：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/record_editor.py"/>
        <source>Not saved: the record layers are being edited in QGIS.</source>
        <translation>未保存：记录图层正在 QGIS 中编辑。</translation>
    </message>
    <message>
        <location filename="../../layers/themes.py"/>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>Last inspected</source>
        <translation>上次检测</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>Next due</source>
        <translation>下次检测</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>Recommended</source>
        <translation>建议养护</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>not graded</source>
        <translation>未评级</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>(overdue)</source>
        <translation>（已逾期）</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Facility archive</source>
        <translation>设施档案</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>Health book (PDF)…</source>
        <translation>健康状况书（PDF）…</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>Export this facility's lifecycle health book (全生命周期健康状况书) as an A4 PDF: map, attributes, grade, chart, records, works and photos</source>
        <translation>将本设施的全生命周期健康状况书导出为 A4 PDF：地图、属性、等级、图表、检测记录、养护工程和照片</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>Cannot open the archive: {problem}</source>
        <translation>无法打开档案：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>Archive of {code} opened</source>
        <translation>已打开 {code} 的档案</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes_dock.py"/>
        <source>The facility is no longer in the store.</source>
        <translation>该设施已不在数据库中。</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>Not graded yet: inspect the facility and grade it by {standard}.</source>
        <translation>尚未评级：请按 {standard} 检测并评定该设施。</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>Recommended: {category} (grade {grade}, {standard}).</source>
        <translation>建议：{category}（等级 {grade}，{standard}）。</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>Next inspection was due on {date}: overdue.</source>
        <translation>下次检测应于 {date} 完成：已逾期。</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>Next inspection due on {date}.</source>
        <translation>下次检测日期：{date}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>The store is read-only: the archive cannot be changed.</source>
        <translation>数据库为只读：档案无法修改。</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>Your login {user} ({role}) may not change these records.</source>
        <translation>您的登录名 {user}（{role}）不能修改这些记录。</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>The layer {layer} has unsaved edits in QGIS. Save or discard them first: the archive does not write while they are pending.</source>
        <translation>图层 {layer} 在 QGIS 中有未保存的编辑。请先保存或放弃：在此期间档案不会写入。</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/fields.py"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/fields.py"/>
        <source>Clear the date</source>
        <translation>清除日期</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/fields.py"/>
        <source>e.g. BCI = 91.3; BSI = 82.9</source>
        <translation>例如 BCI = 91.3; BSI = 82.9</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/models.py"/>
        <source>Judgement (GB 51222)</source>
        <translation>判定（GB 51222）</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/models.py"/>
        <source>No records</source>
        <translation>无记录</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/models.py"/>
        <source>{loaded} of {total} loaded</source>
        <translation>已加载 {loaded} / {total}</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/record_editor.py"/>
        <source>The record is no longer in the store.</source>
        <translation>该记录已不在数据库中。</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/panels.py"/>
        <source>Delete the health record of {date} and its {n} detail records?</source>
        <translation>删除 {date} 的健康记录及其 {n} 条明细记录？</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/panels.py"/>
        <source>Delete the health record of {date}?</source>
        <translation>删除 {date} 的健康记录？</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/panels.py"/>
        <source>Delete the waterlogging event of {date}?</source>
        <translation>删除 {date} 的积水事件？</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/panels.py"/>
        <source>Delete the maintenance work of {date} and its materials?</source>
        <translation>删除 {date} 的养护工程及其材料？</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/panels.py"/>
        <source>Delete record</source>
        <translation>删除记录</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/panels.py"/>
        <source>Facility</source>
        <translation>设施</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/panels.py"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/panels.py"/>
        <source>Double-click a facility to open its archive and show it on the map.</source>
        <translation>双击设施可打开其档案并在地图上显示。</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/panels.py"/>
        <source>geometry changed</source>
        <translation>几何已修改</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/panels.py"/>
        <source>The latest {n} changes are shown.</source>
        <translation>仅显示最近 {n} 条修改。</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/panels.py"/>
        <source>Changes of the facility and of the records loaded in the other tabs.</source>
        <translation>该设施及其他选项卡中已加载记录的修改历史。</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/record_editor.py"/>
        <source>This record was changed by {who} at {when} since you read it; nothing was saved. Reload it and save again.</source>
        <translation>自您读取后，该记录已被 {who} 于 {when} 修改；未保存任何内容。请重新加载后再保存。</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/record_editor.py"/>
        <source>someone else</source>
        <translation>其他人</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/record_editor.py"/>
        <source>Fields marked * are required.</source>
        <translation>标有 * 的字段为必填项。</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/record_editor.py"/>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/record_editor.py"/>
        <source>This record has unsaved changes. Save them?</source>
        <translation>该记录有未保存的修改，是否保存？</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/record_editor.py"/>
        <source>Add line</source>
        <translation>添加行</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/record_editor.py"/>
        <source>Remove line</source>
        <translation>删除行</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/record_editor.py"/>
        <source>Materials, line {line}, {field}: {problem}</source>
        <translation>材料第 {line} 行，{field}：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/record_editor.py"/>
        <source>New {record}</source>
        <translation>新建{record}</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive_entry.py"/>
        <source>The facility archive is not available in this build of the plugin.</source>
        <translation>此版本的插件没有设施档案功能。</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive_entry.py"/>
        <source>Cannot open the facility archive: {problem}</source>
        <translation>无法打开设施档案：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/assess_task.py"/>
        <source>Assessing the network</source>
        <translation>正在体检路网</translation>
    </message>
    <message>
        <location filename="../../processing/alg_assess_network.py"/>
        <source>Assess network</source>
        <translation>路网体检</translation>
    </message>
    <message>
        <location filename="../../dialogs/assess_task.py"/>
        <source>Grades every facility of the chosen kinds by its national standard from its latest inspection data and updates its grade, next inspection date and recommended action. Store: {file}</source>
        <translation>按国家标准，根据最近一次检测数据为所选类型的每个设施评级，并更新其等级、下次检测日期和建议措施。数据库：{file}</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>Facility kinds</source>
        <translation>设施类型</translation>
    </message>
    <message>
        <location filename="../../dialogs/assess_task.py"/>
        <source>Show the grade theme when done</source>
        <translation>完成后显示等级专题图</translation>
    </message>
    <message>
        <location filename="../../dialogs/assess_task.py"/>
        <source>Assessment date</source>
        <translation>体检日期</translation>
    </message>
    <message>
        <location filename="../../dialogs/assess_task.py"/>
        <source>An assessment is running already.</source>
        <translation>已有体检正在运行。</translation>
    </message>
    <message>
        <location filename="../../dialogs/assess_task.py"/>
        <source>The assessment of {file} failed: {error}</source>
        <translation>{file} 的体检失败：{error}</translation>
    </message>
    <message>
        <location filename="../../processing/alg_assess_network.py"/>
        <source>The assessment was cancelled; nothing was changed.</source>
        <translation>体检已取消，未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_assess_network.py"/>
        <source>Assessed {n} facilities, {m} changed.</source>
        <translation>已体检 {n} 个设施，{m} 个有变化。</translation>
    </message>
    <message>
        <location filename="../../dialogs/assess_task.py"/>
        <source>Assessment of {file} as of {date}: {counts}</source>
        <translation>{file} 截至 {date} 的体检：{counts}</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>Back up the store</source>
        <translation>备份数据库</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>Store backups (*.zip)</source>
        <translation>数据库备份 (*.zip)</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>Unsaved edits of {layers} are not in the backup: save them and back up again to include them.</source>
        <translation>{layers} 中未保存的编辑不在备份中：请先保存，再重新备份以包含这些编辑。</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>The backup of {file} failed: {problem}</source>
        <translation>{file} 备份失败：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>The backup was cancelled.</source>
        <translation>备份已取消。</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>Backed up the store to {file}: {size}, {n} tables, {rows} rows.</source>
        <translation>已将数据库备份到 {file}：{size}，{n} 张表，{rows} 行。</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>Backing up the store to {file}…</source>
        <translation>正在将数据库备份到 {file}…</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>Backing up the store</source>
        <translation>正在备份数据库</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>Restore a store from a backup</source>
        <translation>从备份恢复数据库</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>Store backups (*.zip);;All files (*)</source>
        <translation>数据库备份 (*.zip);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>{file} cannot be restored: {problem}</source>
        <translation>无法恢复 {file}：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>The verification was cancelled; nothing was restored.</source>
        <translation>校验已取消，未恢复任何内容。</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>Restore the backup of {date} to</source>
        <translation>将 {date} 的备份恢复到</translation>
    </message>
    <message>
        <location filename="../../processing/alg_generate_demo.py"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>Verifying the backup</source>
        <translation>正在校验备份</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>{file} is the store open in this project: close it first (remove its layers or open another project), or restore to another file.</source>
        <translation>{file} 是本工程中已打开的数据库：请先关闭它（移除其图层或打开其他工程），或恢复到其他文件。</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>{file} exists already: choose another file.</source>
        <translation>{file} 已存在，请选择其他文件。</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>Restoring to {file} failed: {problem}</source>
        <translation>恢复到 {file} 失败：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>Restored the store to {file}: {rows} rows in {n} tables.</source>
        <translation>已将数据库恢复到 {file}：{n} 张表，共 {rows} 行。</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>Its schema was upgraded from version {old} to {new}.</source>
        <translation>其数据库结构已从版本 {old} 升级到 {new}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>The file it replaced was kept as {copy}.</source>
        <translation>被替换的文件已保留为 {copy}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/backup_dialog.py"/>
        <source>Restoring the store</source>
        <translation>正在恢复数据库</translation>
    </message>
    <message>
        <location filename="../../dialogs/bulk_maintenance.py"/>
        <source>{field}: “{value}” is not a number.</source>
        <translation>{field}：“{value}”不是数字。</translation>
    </message>
    <message>
        <location filename="../../dialogs/bulk_maintenance.py"/>
        <source>Add maintenance to {n} facilities</source>
        <translation>为 {n} 个设施添加养护</translation>
    </message>
    <message>
        <location filename="../../dialogs/bulk_maintenance.py"/>
        <source>{kind}: {n}</source>
        <translation>{kind}：{n}</translation>
    </message>
    <message>
        <location filename="../../dialogs/bulk_maintenance.py"/>
        <source>One maintenance record will be added to each of the {n} selected facilities:</source>
        <translation>将为所选的 {n} 个设施各添加一条养护记录：</translation>
    </message>
    <message>
        <location filename="../../dialogs/bulk_maintenance.py"/>
        <source>e.g. 1200</source>
        <translation>例如 1200</translation>
    </message>
    <message>
        <location filename="../../dialogs/bulk_maintenance.py"/>
        <source>Cost per facility (yuan)</source>
        <translation>每个设施的费用（元）</translation>
    </message>
    <message>
        <location filename="../../dialogs/bulk_maintenance.py"/>
        <source>Add material</source>
        <translation>添加材料</translation>
    </message>
    <message>
        <location filename="../../dialogs/bulk_maintenance.py"/>
        <source>Remove material</source>
        <translation>删除材料</translation>
    </message>
    <message>
        <location filename="../../dialogs/bulk_maintenance.py"/>
        <source>Material row {n}: {field} is required.</source>
        <translation>材料第 {n} 行：{field}为必填项。</translation>
    </message>
    <message>
        <location filename="../../dialogs/bulk_maintenance.py"/>
        <source>Material row {n}: {field}</source>
        <translation>材料第 {n} 行：{field}</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes_dock.py"/>
        <source>Cannot write to the store {file}: {problem}.</source>
        <translation>无法写入数据库 {file}：{problem}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/bulk_maintenance.py"/>
        <source>Material row {n}: {field} {problem}.</source>
        <translation>材料第 {n} 行：{field} {problem}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/common.py"/>
        <source>{field} {problem}.</source>
        <translation>{field} {problem}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/bulk_maintenance.py"/>
        <source>Open a Safe Municipal store first.</source>
        <translation>请先打开平安市政数据库。</translation>
    </message>
    <message>
        <location filename="../../dialogs/bulk_maintenance.py"/>
        <source>No facility is selected: select the facilities on the map first (for example with QGIS's Select Features tool).</source>
        <translation>未选择任何设施：请先在地图上选择设施（例如使用 QGIS 的“选择要素”工具）。</translation>
    </message>
    <message>
        <location filename="../../dialogs/bulk_maintenance.py"/>
        <source>Added {n} maintenance records.</source>
        <translation>已添加 {n} 条养护记录。</translation>
    </message>
    <message>
        <location filename="../../dialogs/bulk_maintenance.py"/>
        <source>The records were saved, but the layer {name} could not be refreshed.</source>
        <translation>记录已保存，但无法刷新图层 {name}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/forms.py"/>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/forms.py"/>
        <source>New cover case</source>
        <translation>新建井盖案件</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/forms.py"/>
        <source>Cover {code} ({district}), {d:.1f} m from the click</source>
        <translation>井盖 {code}（{district}），距点击位置 {d:.1f} m</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/forms.py"/>
        <source>No cover within {t:g} m: the case is recorded at the clicked point</source>
        <translation>{t:g} m 范围内没有井盖：案件将记录在点击位置</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/forms.py"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/forms.py"/>
        <source>Maintenance unit</source>
        <translation>养护单位</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/forms.py"/>
        <source>New maintenance unit</source>
        <translation>新建养护单位</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/forms.py"/>
        <source>Takes part in the rotation</source>
        <translation>参与轮派</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>{status} · overdue</source>
        <translation>{status} · 已逾期</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>{status} · waiting for a unit</source>
        <translation>{status} · 待派单</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>All units</source>
        <translation>全部单位</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>{name} (inactive)</source>
        <translation>{name}（已停用）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>Cover cases</source>
        <translation>井盖案件</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes_dock.py"/>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Units</source>
        <translation>养护单位</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Register on map</source>
        <translation>在地图上登记</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Click on the map at the cover: the nearest cover is highlighted and a form asks for the problem.</source>
        <translation>在地图上点击井盖所在位置：最近的井盖将高亮显示，并弹出表单填写问题。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Dispatch pending</source>
        <translation>派发待派案件</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Send every waiting case to the units in rotation.</source>
        <translation>将所有待派案件按轮派顺序派发给养护单位。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Responded</source>
        <translation>已响应</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Fixed</source>
        <translation>已修复</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Close</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Close fixed cases after checking, or withdraw a case never dispatched.</source>
        <translation>核查后对已修复的案件结案，或撤销尚未派单的案件。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>At</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Reported from</source>
        <translation>报告日期从</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Activate / deactivate</source>
        <translation>启用 / 停用</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Cases go to the units in this order, each to the unit after the one that got the last case, skipping inactive units and units at their open-case limit.</source>
        <translation>案件按此顺序派发给各养护单位：每件案件派给上一件案件所派单位的下一个单位，跳过已停用的单位和未结案件已达上限的单位。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>A case must lie at a cover</source>
        <translation>案件必须位于井盖处</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Respond within</source>
        <translation>响应时限</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Fix within</source>
        <translation>修复时限</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Snap to a cover within</source>
        <translation>井盖吸附范围</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Times count from dispatch. These settings belong to the store: everyone using it sees the same. Defaults: respond within 2 h, fix within 24 h, snap within 30 m.</source>
        <translation>时限自派单时起算。这些设置保存在数据库中：所有使用该数据库的人看到的设置都相同。默认值：2 h 内响应，24 h 内修复，吸附范围 30 m。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Cannot open the store {file}: {problem}</source>
        <translation>无法打开数据库 {file}：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes_dock.py"/>
        <source>Store: {file}</source>
        <translation>数据库：{file}</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>(read-only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <location filename="../../dialogs/messages.py"/>
        <source>There is no store in the project; open a store first.</source>
        <translation>项目中没有数据库，请先打开一个数据库。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>The store is read-only: cases cannot be changed.</source>
        <translation>数据库为只读：无法修改案件。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes_dock.py"/>
        <source>The layer {layer} has unsaved edits in QGIS. Save or discard them first.</source>
        <translation>图层 {layer} 在 QGIS 中有未保存的编辑。请先保存或放弃。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>The store could not be written: {problem}</source>
        <translation>无法写入数据库：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>{waiting} waiting for a unit · {open} open · {overdue} overdue</source>
        <translation>待派单 {waiting} 件 · 未结 {open} 件 · 已逾期 {overdue} 件</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Cases reported in the period. Limits: respond within {r:g} h, fix within {f:g} h from dispatch. On-time rate = on time / (on time + late).</source>
        <translation>统计时段内报告的案件。时限：自派单起 {r:g} h 内响应，{f:g} h 内修复。及时率 = 及时 / (及时 + 超时)。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>The click lies outside what the store's CRS can express.</source>
        <translation>点击位置超出了数据库坐标参照系的表示范围。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>No cover within {t:g} m of the click: click at the cover (the tolerance is in the Settings tab).</source>
        <translation>点击位置 {t:g} m 范围内没有井盖：请点击井盖所在位置（吸附范围在“设置”页中设定）。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>cannot be written now</source>
        <translation>当前无法写入</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>no cover</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Case {code} registered at {cover}; it waits for dispatch.</source>
        <translation>案件 {code} 已登记（井盖：{cover}），等待派单。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Dispatched {n} cases.</source>
        <translation>已派单 {n} 件案件。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>{m} wait: {reason}</source>
        <translation>{m} 件待派：{reason}</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>{code} → {unit}</source>
        <translation>{code} → {unit}</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Select one or more cases in the list first.</source>
        <translation>请先在列表中选择一个或多个案件。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>{n} cases marked responded.</source>
        <translation>已将 {n} 件案件标记为已响应。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>{n} cases marked fixed.</source>
        <translation>已将 {n} 件案件标记为已修复。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>{n} cases closed.</source>
        <translation>已结案 {n} 件。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Select a unit first.</source>
        <translation>请先选择一个养护单位。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Case settings saved in the store.</source>
        <translation>案件设置已保存到数据库。</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Cover cases of {file} shown</source>
        <translation>已显示 {file} 的井盖案件</translation>
    </message>
    <message>
        <location filename="../../dialogs/demo_dialog.py"/>
        <source>Tiny: about 200 pipes (for tests)</source>
        <translation>微型：约 200 段管道（用于测试）</translation>
    </message>
    <message>
        <location filename="../../dialogs/demo_dialog.py"/>
        <source>Small: a few hundred pipes, ready in a second</source>
        <translation>小型：数百段管道，一秒内生成</translation>
    </message>
    <message>
        <location filename="../../dialogs/demo_dialog.py"/>
        <source>Medium: the district centres, about 10,000 pipes</source>
        <translation>中型：各城区中心，约 1 万段管道</translation>
    </message>
    <message>
        <location filename="../../dialogs/demo_dialog.py"/>
        <source>City: the whole urban area, over 100,000 pipes (benchmarks)</source>
        <translation>城市级：整个城区，超过 10 万段管道（用于性能测试）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_generate_demo.py"/>
        <source>Generate demo city</source>
        <translation>生成演示城市</translation>
    </message>
    <message>
        <location filename="../../dialogs/demo_dialog.py"/>
        <source>Writes a Yichang-like demo city (districts, roads, bridges, tunnels, drainage network, waterlogging points and their records) into a new store. The same scale and seed always give the same city.</source>
        <translation>将一座仿宜昌的演示城市（城区、道路、桥梁、隧道、排水管网、积水点及其记录）写入新的数据库。相同的规模和随机种子总是生成相同的城市。</translation>
    </message>
    <message>
        <location filename="../../dialogs/demo_dialog.py"/>
        <source>Demo city store</source>
        <translation>演示城市数据库</translation>
    </message>
    <message>
        <location filename="../../dialogs/demo_dialog.py"/>
        <source>Add the demo city to the project when it is ready</source>
        <translation>生成完成后将演示城市加入工程</translation>
    </message>
    <message>
        <location filename="../../processing/alg_generate_demo.py"/>
        <source>Store file</source>
        <translation>数据库文件</translation>
    </message>
    <message>
        <location filename="../../processing/alg_generate_demo.py"/>
        <source>Scale</source>
        <translation>规模</translation>
    </message>
    <message>
        <location filename="../../processing/alg_generate_demo.py"/>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../dialogs/demo_dialog.py"/>
        <source>Choose the file to write the demo city to.</source>
        <translation>请选择写入演示城市的文件。</translation>
    </message>
    <message>
        <location filename="../../dialogs/demo_dialog.py"/>
        <source>The folder {folder} does not exist.</source>
        <translation>文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <location filename="../../dialogs/demo_dialog.py"/>
        <source>{file} is a folder; choose a file name.</source>
        <translation>{file} 是文件夹，请选择文件名。</translation>
    </message>
    <message>
        <location filename="../../dialogs/demo_dialog.py"/>
        <source>{file} is open in the project; remove its layers or choose another file.</source>
        <translation>{file} 已在工程中打开；请先移除其图层或选择其他文件。</translation>
    </message>
    <message>
        <location filename="../../dialogs/demo_dialog.py"/>
        <source>{file} exists already. Replace it with the demo city once it is generated?</source>
        <translation>{file} 已存在。生成完成后用演示城市替换它吗？</translation>
    </message>
    <message>
        <location filename="../../dialogs/demo_task.py"/>
        <source>Generating the demo city</source>
        <translation>正在生成演示城市</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Maintenance plan (planned works)</source>
        <translation>养护计划（计划养护工程）</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>ESRI Shapefile (*.shp)</source>
        <translation>ESRI Shapefile (*.shp)</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/source_info.py"/>
        <source>GeoJSON (*.geojson *.json)</source>
        <translation>GeoJSON (*.geojson *.json)</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>GeoPackage</source>
        <translation>GeoPackage</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>ESRI Shapefile (UTF-8, short field names)</source>
        <translation>ESRI Shapefile（UTF-8，短字段名）</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>GeoJSON (RFC 7946, EPSG:4326)</source>
        <translation>GeoJSON（RFC 7946，EPSG:4326）</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>CSV (UTF-8 with BOM, geometry as WKT)</source>
        <translation>CSV（带 BOM 的 UTF-8，几何为 WKT）</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Excel workbook (geometry as WKT)</source>
        <translation>Excel 工作簿（几何为 WKT）</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Exporting {table}</source>
        <translation>正在导出 {table}</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Export from {file}</source>
        <translation>从 {file} 导出</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>All rows</source>
        <translation>所有行</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Rows matching an SQL condition</source>
        <translation>符合 SQL 条件的行</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Only the features selected on the map</source>
        <translation>仅地图上选中的要素</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>e.g. district = '西陵区' AND built_year &lt; 1990</source>
        <translation>例如 district = '西陵区' AND built_year &lt; 1990</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Value labels instead of codes (for reading and printing; codes import back unchanged)</source>
        <translation>用值标签代替代码值（便于阅读和打印；代码值可原样导回）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <location filename="../../dialogs/archive/panels.py"/>
        <source>Table</source>
        <translation>数据表</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Rows</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>All plans</source>
        <translation>全部计划</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>The plans of {file} could not be listed: {error}</source>
        <translation>无法列出 {file} 的计划：{error}</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>An export is running.</source>
        <translation>正在进行导出。</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Choose a table.</source>
        <translation>请选择一张表。</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>The layer of this table is not in the project: there is no selection to export.</source>
        <translation>该表的图层不在工程中：没有可导出的选中要素。</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>No feature of {layer} is selected.</source>
        <translation>{layer} 中没有选中的要素。</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Write the SQL condition, or choose all rows.</source>
        <translation>请填写 SQL 条件，或选择所有行。</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Choose the file to write.</source>
        <translation>请选择要写入的文件。</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Only the {n} features selected on the map</source>
        <translation>仅地图上选中的 {n} 个要素</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Only the features selected on the map (none selected)</source>
        <translation>仅地图上选中的要素（未选中任何要素）</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>unknown: the file name ends with .gpkg, .shp, .geojson, .csv or .xlsx</source>
        <translation>未知：文件名须以 .gpkg、.shp、.geojson、.csv 或 .xlsx 结尾</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>{layer} has unsaved edits: the file gets the saved rows.</source>
        <translation>{layer} 有未保存的编辑：文件中只写入已保存的行。</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>the maintenance plan</source>
        <translation>养护计划</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Exporting {table} failed: {problem}</source>
        <translation>导出 {table} 失败：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>The export was cancelled; no file was written.</source>
        <translation>导出已取消，未写入任何文件。</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Exported {n} rows of {table} to {file}.</source>
        <translation>已将 {table} 的 {n} 行导出到 {file}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Warnings: {warnings}</source>
        <translation>警告：{warnings}</translation>
    </message>
    <message>
        <location filename="../../dialogs/export_dialog.py"/>
        <source>Exported {n} rows to {file}.</source>
        <translation>已将 {n} 行导出到 {file}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>Geometry</source>
        <translation>几何</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>(choose the CRS of the file's coordinates)</source>
        <translation>（请选择文件坐标所用的坐标参照系）</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>Repair invalid geometries and merge multi-part lines that join</source>
        <translation>修复无效几何，并合并首尾相接的多部件线</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>X / longitude</source>
        <translation>X / 经度</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>Y / latitude</source>
        <translation>Y / 纬度</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>or WKT</source>
        <translation>或 WKT</translation>
    </message>
    <message>
        <location filename="../../processing/alg_reports.py"/>
        <source>Facility kind</source>
        <translation>设施类别</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>Text encoding</source>
        <translation>文本编码</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>Source CRS</source>
        <translation>源坐标参照系</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>CSV coordinates</source>
        <translation>CSV 坐标</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>Store field</source>
        <translation>数据库字段</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>Source field</source>
        <translation>源字段</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>Fixed value</source>
        <translation>固定值</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>Preview: the first rows as they will be written (red cells would be refused; hover for the reason)</source>
        <translation>预览：前几行的写入结果（红色单元格将被拒绝；鼠标悬停可查看原因）</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>{file} ({driver}): {n} features, {m} fields.</source>
        <translation>{file}（{driver}）：{n} 个要素，{m} 个字段。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>{file}, layer {layer} ({driver}): {n} features, {m} fields.</source>
        <translation>{file}，图层 {layer}（{driver}）：{n} 个要素，{m} 个字段。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>detected: {enc}</source>
        <translation>检测结果：{enc}</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>from the .cpg file: {enc}</source>
        <translation>来自 .cpg 文件：{enc}</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>UTF-8 byte-order mark: {enc}</source>
        <translation>UTF-8 字节顺序标记：{enc}</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>defined by the format: {enc}</source>
        <translation>由格式规定：{enc}</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>A shapefile without .cpg or a CSV table: the encoding is detected from its bytes (UTF-8 or GB18030/GBK); choose another one if the names look wrong.</source>
        <translation>没有 .cpg 的 Shapefile 或 CSV 表：根据文件字节检测编码（UTF-8 或 GB18030/GBK）；如名称显示乱码，请选择其他编码。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>Declared by the file: {crs}.</source>
        <translation>文件声明：{crs}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>The file has no coordinate reference system; its coordinates are read as {crs}.</source>
        <translation>该文件没有坐标参照系；其坐标按 {crs} 读取。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>The file has no coordinate reference system (no .prj?): choose the CRS of its coordinates before importing. Coordinates are never guessed.</source>
        <translation>该文件没有坐标参照系（缺少 .prj？）：请在导入前选择其坐标所用的坐标参照系。程序不会猜测坐标参照系。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>Required: every row needs a value (a file without codes gets generated codes in append mode)</source>
        <translation>必填：每行都须有值（追加模式下，没有编号的文件将自动生成编号）</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>Required: every row needs a value</source>
        <translation>必填：每行都须有值</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>(fixed value)</source>
        <translation>（固定值）</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>value for every row</source>
        <translation>每行使用的值</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>Choose a file first.</source>
        <translation>请先选择文件。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>Choose the source CRS: the file has no coordinate reference system.</source>
        <translation>请选择源坐标参照系：该文件没有坐标参照系。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>The preview failed: {problem}</source>
        <translation>预览失败：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>{n} rows shown.</source>
        <translation>显示 {n} 行。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>{rows} of them would be refused ({n} problems).</source>
        <translation>其中 {rows} 行将被拒绝（{n} 个问题）。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/facilities_panel.py"/>
        <source>Not imported: {fields}.</source>
        <translation>未导入：{fields}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Choose the file to import. Its type is detected; change it if the guess is wrong.</source>
        <translation>请选择要导入的文件。程序会自动识别其类型；如识别有误，请更改。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Choose the file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>no geometry</source>
        <translation>无几何</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>{name} — {geometry}, {n} features</source>
        <translation>{name} — {geometry}，{n} 个要素</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Detected: {type}.</source>
        <translation>识别为：{type}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Read as: {type} (it looked like: {detected}).</source>
        <translation>按 {type} 读取（识别结果为：{detected}）。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Layer {name}: {geometry}, {n} features.</source>
        <translation>图层 {name}：{geometry}，{n} 个要素。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Choose a file.</source>
        <translation>请选择文件。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>{file} does not exist.</source>
        <translation>{file} 不存在。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>{file} is a folder: choose a file.</source>
        <translation>{file} 是文件夹，请选择文件。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>An OpenStreetMap file ends with .osm or .osm.pbf.</source>
        <translation>OpenStreetMap 文件须以 .osm 或 .osm.pbf 结尾。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>{file} is not a vector file GDAL can read.</source>
        <translation>{file} 不是 GDAL 可读取的矢量文件。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Choose a layer.</source>
        <translation>请选择图层。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location filename="../../processing/import_base.py"/>
        <source>Strict: write nothing when any row is refused</source>
        <translation>严格模式：只要有一行被拒绝，就不写入任何内容</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Copy as Processing parameters</source>
        <translation>复制为处理工具参数</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Copy the algorithm and its parameters (JSON, FIELD_MAP included) to the clipboard, to run the same import in batch or with qgis_process</source>
        <translation>将算法及其参数（JSON，含 FIELD_MAP）复制到剪贴板，以便批量运行或用 qgis_process 运行相同的导入</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Append: add new inspections (one of the same pipe and date in the store is refused)</source>
        <translation>追加：添加新的检测记录（数据库中已有同一管道、同一日期的检测记录时拒绝）</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Update: replace the defects of an inspection of the same pipe and date</source>
        <translation>更新：替换同一管道、同一日期的检测记录中的缺陷</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Append: add new rows (a code already in the store is refused)</source>
        <translation>追加：添加新行（编号已在数据库中的行将被拒绝）</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Update by code: update the rows whose code is in the store, add the others</source>
        <translation>按编号更新：更新编号已在数据库中的行，添加其余行</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Inserted</source>
        <translation>已新增</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Updated</source>
        <translation>已更新</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Unchanged</source>
        <translation>未变更</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Save report…</source>
        <translation>保存报告…</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Rows written</source>
        <translation>已写入行数</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/pages.py"/>
        <source>Refused rows</source>
        <translation>被拒绝的行</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>Facility kinds to import</source>
        <translation>要导入的设施类型</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>written into every row (optional)</source>
        <translation>写入每一行（可选）</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>Only ways within the current map extent</source>
        <translation>仅当前地图范围内的路径（way）</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>Roads, bridges, tunnels and drains of the file's ways; codes are OSM-W&lt;way id&gt;, so importing the same area again in update mode refreshes the rows. The data stays under the ODbL (© OpenStreetMap contributors).</source>
        <translation>从文件的路径（way）中导入道路、桥梁、隧道和排水渠；编号为 OSM-W&lt;way id&gt;，因此以更新模式再次导入同一区域会刷新这些行。数据仍受 ODbL 许可约束（© OpenStreetMap 贡献者）。</translation>
    </message>
    <message>
        <location filename="../../dialogs/meeting_dock.py"/>
        <location filename="../../dialogs/cases/models.py"/>
        <source>District</source>
        <translation>城区</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>Choose at least one facility kind.</source>
        <translation>请至少选择一种设施类型。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>(choose the CRS of the model's coordinates)</source>
        <translation>（请选择模型坐标所用的坐标参照系）</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>Junctions become manholes, conduits drain pipes, storage units storage facilities and outfalls outfalls; pumps, weirs and the like are not facilities of the store.</source>
        <translation>节点（junction）导入为检查井，管渠（conduit）导入为排水管道，蓄水单元（storage unit）导入为调蓄设施，排放口（outfall）导入为排放口；水泵、堰等不属于数据库中的设施。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>Usage of pipes, manholes and outfalls</source>
        <translation>管道、检查井和排放口的用途</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>The model's coordinates are read as {crs}.</source>
        <translation>模型坐标按 {crs} 读取。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>A SWMM model has no coordinate reference system ([MAP] gives units only): choose the CRS of its coordinates. Coordinates are never guessed.</source>
        <translation>SWMM 模型没有坐标参照系（[MAP] 只给出单位）：请选择其坐标所用的坐标参照系。程序不会猜测坐标参照系。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>Choose the source CRS of the SWMM model.</source>
        <translation>请选择 SWMM 模型的源坐标参照系。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>pipe code</source>
        <translation>管道编号</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>start manhole</source>
        <translation>起点检查井</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>end manhole</source>
        <translation>终点检查井</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>defect code</source>
        <translation>缺陷代码</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>defect name</source>
        <translation>缺陷名称</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>distance</source>
        <translation>距离</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>end distance</source>
        <translation>终点距离</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>clock position</source>
        <translation>时钟位置</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>orientation</source>
        <translation>方位</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>inspector</source>
        <translation>检测人</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>remarks</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_cctv.py"/>
        <source>Grade the drain pipes by CJJ 181 after the import</source>
        <translation>导入后按 CJJ 181 对排水管道评级</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>One row per defect: pipe code (or start and end manholes), date, defect code or name, grade, distance. The rows of one pipe and date become one CCTV inspection with its defects; an inspection with a refused row is not imported at all.</source>
        <translation>每个缺陷一行：管道编号（或起点、终点检查井）、日期、缺陷代码或名称、等级、距离。同一管道、同一日期的各行合并为一次 CCTV 检测及其缺陷；只要有一行被拒绝，该次检测整体不导入。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>Columns recognised</source>
        <translation>已识别的列</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>Header in row {row}: {columns}</source>
        <translation>表头位于第 {row} 行：{columns}</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/panels.py"/>
        <source>(text read as {enc})</source>
        <translation>（文本按 {enc} 读取）</translation>
    </message>
    <message>
        <location filename="../../layers/import_read.py"/>
        <source>holds bytes that are not valid {enc} text (set ENCODING?)</source>
        <translation>含有不是有效 {enc} 文本的字节（是否需设置 ENCODING？）</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/preview.py"/>
        <source>the file has no coordinate reference system: choose the source CRS</source>
        <translation>文件没有坐标参照系：请选择源坐标参照系</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/preview.py"/>
        <source>(generated)</source>
        <translation>（自动生成）</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/preview.py"/>
        <source>MODE update finds rows by code: map the code field</source>
        <translation>MODE 为 update 时按编号查找行：请映射编号字段</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/preview.py"/>
        <source>updates the row with this code in the store</source>
        <translation>更新数据库中具有此编号的行</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/source_info.py"/>
        <source>Facilities (survey file: Shapefile, GeoPackage, GeoJSON, CSV, DXF…)</source>
        <translation>设施（测量文件：Shapefile、GeoPackage、GeoJSON、CSV、DXF…）</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/source_info.py"/>
        <source>OpenStreetMap roads, bridges, tunnels and drains</source>
        <translation>OpenStreetMap 道路、桥梁、隧道和排水渠</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/source_info.py"/>
        <source>SWMM drainage model (.inp)</source>
        <translation>SWMM 排水模型（.inp）</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/source_info.py"/>
        <source>CCTV defect sheet (CJJ 181)</source>
        <translation>CCTV 缺陷表（CJJ 181）</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/source_info.py"/>
        <source>All supported files (*.shp *.gpkg *.geojson *.json *.fgb *.csv *.txt *.tsv *.xlsx *.dxf *.kml *.gml *.osm *.pbf *.inp *.zip)</source>
        <translation>所有支持的文件 (*.shp *.gpkg *.geojson *.json *.fgb *.csv *.txt *.tsv *.xlsx *.dxf *.kml *.gml *.osm *.pbf *.inp *.zip)</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/source_info.py"/>
        <source>Shapefiles (*.shp)</source>
        <translation>Shapefile 文件 (*.shp)</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/source_info.py"/>
        <source>CSV and Excel tables (*.csv *.txt *.tsv *.xlsx)</source>
        <translation>CSV 和 Excel 表格 (*.csv *.txt *.tsv *.xlsx)</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_osm.py"/>
        <source>OpenStreetMap (*.osm *.pbf)</source>
        <translation>OpenStreetMap (*.osm *.pbf)</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/source_info.py"/>
        <source>SWMM models (*.inp)</source>
        <translation>SWMM 模型 (*.inp)</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/source_info.py"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/source_info.py"/>
        <source>{file}: {problem}</source>
        <translation>{file}：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/source_info.py"/>
        <source>{file}: cannot be read ({error})</source>
        <translation>{file}：无法读取（{error}）</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/task.py"/>
        <source>Importing {file}</source>
        <translation>正在导入 {file}</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/wizard.py"/>
        <source>Import data into {file}</source>
        <translation>将数据导入 {file}</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/wizard.py"/>
        <source>The Processing parameters of this import were copied to the clipboard.</source>
        <translation>本次导入的处理工具参数已复制到剪贴板。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/wizard.py"/>
        <source>The layers {names} are being edited: save or discard their edits, then import.</source>
        <translation>图层 {names} 正在编辑中：请先保存或放弃其编辑，再导入。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/wizard.py"/>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}…</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/wizard.py"/>
        <source>Importing {file} failed: {problem}</source>
        <translation>导入 {file} 失败：{problem}</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>The import was cancelled; nothing was written.</source>
        <translation>导入已取消，未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/wizard.py"/>
        <source>Import of {file}: {summary}.</source>
        <translation>导入 {file}：{summary}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/wizard.py"/>
        <source>Save the import report</source>
        <translation>保存导入报告</translation>
    </message>
    <message>
        <location filename="../../processing/import_base.py"/>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Cannot write {file}: {problem}</source>
        <translation>无法写入 {file}：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/import_wizard/wizard.py"/>
        <source>Import report saved to {file}.</source>
        <translation>导入报告已保存到 {file}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/locator.py"/>
        <source>{title} — {kind} ({district})</source>
        <translation>{title} — {kind}（{district}）</translation>
    </message>
    <message>
        <location filename="../../dialogs/locator.py"/>
        <source>{title} — {kind}</source>
        <translation>{title} — {kind}</translation>
    </message>
    <message>
        <location filename="../../dialogs/locator.py"/>
        <source>平安市政 facilities</source>
        <translation>平安市政设施</translation>
    </message>
    <message>
        <location filename="../../dialogs/locator.py"/>
        <source>Roads, bridges, tunnels, pipes, manholes … of the Safe Municipal store, by code or name</source>
        <translation>按编号或名称查找平安市政数据库中的道路、桥梁、隧道、管道、检查井等设施</translation>
    </message>
    <message>
        <location filename="../../dialogs/locator.py"/>
        <source>Locator: cannot read the store {file}: {problem}</source>
        <translation>定位器：无法读取数据库 {file}：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Cannot show {code} on the map: {problem}</source>
        <translation>无法在地图上显示 {code}：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/locator.py"/>
        <source>no {kind} with uid {uid}</source>
        <translation>没有 uid 为 {uid} 的{kind}</translation>
    </message>
    <message>
        <location filename="../../dialogs/map_tool.py"/>
        <source>No facility here: click on a road, bridge, pipe, manhole or other facility of the store.</source>
        <translation>此处没有设施：请点击数据库中的道路、桥梁、管道、检查井或其他设施。</translation>
    </message>
    <message>
        <location filename="../../dialogs/meeting_dock.py"/>
        <source>Own styles</source>
        <translation>原有样式</translation>
    </message>
    <message>
        <location filename="../../layers/meeting_themes.py"/>
        <source>Work due</source>
        <translation>到期工作</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes_dock.py"/>
        <location filename="../../layers/project.py"/>
        <source>Waterlogging</source>
        <translation>内涝防治</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <location filename="../../layers/project.py"/>
        <source>Programmes</source>
        <translation>养护专项计划</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Meeting mode</source>
        <translation>会议模式</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../../dialogs/meeting_dock.py"/>
        <source>Full-screen map</source>
        <translation>全屏地图</translation>
    </message>
    <message>
        <location filename="../../dialogs/meeting_dock.py"/>
        <source>Places (double-click to go there)</source>
        <translation>地点（双击定位）</translation>
    </message>
    <message>
        <location filename="../../dialogs/meeting_dock.py"/>
        <source>Export overview map…</source>
        <translation>导出总览图…</translation>
    </message>
    <message>
        <location filename="../../dialogs/meeting_dock.py"/>
        <source>The current theme and district as an A3 overview map (PDF or PNG) with legend, scale bar, north arrow and the table by district</source>
        <translation>将当前专题和城区导出为 A3 总览图（PDF 或 PNG），附图例、比例尺、指北针和各区县统计表</translation>
    </message>
    <message>
        <location filename="../../dialogs/meeting_dock.py"/>
        <source>Leave meeting mode</source>
        <translation>退出会议模式</translation>
    </message>
    <message>
        <location filename="../../processing/alg_overview.py"/>
        <source>Export overview map</source>
        <translation>导出总览图</translation>
    </message>
    <message>
        <location filename="../../dialogs/meeting_dock.py"/>
        <source>PDF (*.pdf);;PNG image (*.png)</source>
        <translation>PDF (*.pdf);;PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location filename="../../dialogs/meeting_dock.py"/>
        <source>The overview map could not be written: {problem}</source>
        <translation>无法写入总览图：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/meeting_dock.py"/>
        <source>Overview map written: {file}</source>
        <translation>总览图已写入：{file}</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <source>Whole city</source>
        <translation>全市</translation>
    </message>
    <message>
        <location filename="../../dialogs/meeting_dock.py"/>
        <source>No programme for {year} in the store: {what}.</source>
        <translation>数据库中没有 {year} 年度的专项计划：{what}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/meeting_dock.py"/>
        <source>Meeting</source>
        <translation>会议</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Safe Municipal</source>
        <translation>平安市政</translation>
    </message>
    <message>
        <location filename="../../dialogs/messages.py"/>
        <source>another program is writing to it; close it there and try again</source>
        <translation>另一个程序正在写入该文件；请在该程序中关闭后重试</translation>
    </message>
    <message>
        <location filename="../../dialogs/messages.py"/>
        <source>the file does not exist</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <location filename="../../dialogs/messages.py"/>
        <source>it is a folder, not a store file</source>
        <translation>这是文件夹，不是数据库文件</translation>
    </message>
    <message>
        <location filename="../../dialogs/messages.py"/>
        <source>it is not a Safe Municipal store</source>
        <translation>不是平安市政数据库</translation>
    </message>
    <message>
        <location filename="../../dialogs/messages.py"/>
        <source>it was written by a newer version of Safe Municipal; update the plugin to open it</source>
        <translation>该数据库由更新版本的平安市政写入；请更新插件后再打开</translation>
    </message>
    <message>
        <location filename="../../dialogs/messages.py"/>
        <source>it has an older schema and must be opened writable to be upgraded</source>
        <translation>数据库结构版本较旧，须以可写方式打开才能升级</translation>
    </message>
    <message>
        <location filename="../../dialogs/messages.py"/>
        <source>the store is damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <location filename="../../dialogs/messages.py"/>
        <source>the file is read-only; copy it or make it writable</source>
        <translation>文件为只读；请复制一份或将其改为可写</translation>
    </message>
    <message>
        <location filename="../../dialogs/messages.py"/>
        <source>the file exists already; choose another name</source>
        <translation>文件已存在；请换一个文件名</translation>
    </message>
    <message>
        <location filename="../../dialogs/messages.py"/>
        <source>the folder does not exist</source>
        <translation>文件夹不存在</translation>
    </message>
    <message>
        <location filename="../../dialogs/messages.py"/>
        <source>the folder is not writable</source>
        <translation>文件夹不可写</translation>
    </message>
    <message>
        <location filename="../../dialogs/pg_store_dialog.py"/>
        <source>viewer: may read everything</source>
        <translation>查看员：可查看全部内容</translation>
    </message>
    <message>
        <location filename="../../dialogs/pg_store_dialog.py"/>
        <source>inspector: may add and edit records</source>
        <translation>巡查员：可添加和编辑记录</translation>
    </message>
    <message>
        <location filename="../../dialogs/pg_store_dialog.py"/>
        <source>editor: may edit facilities and records</source>
        <translation>编辑员：可编辑设施和记录</translation>
    </message>
    <message>
        <location filename="../../dialogs/pg_store_dialog.py"/>
        <source>administrator: schema and roles</source>
        <translation>管理员：数据库模式和角色</translation>
    </message>
    <message>
        <location filename="../../dialogs/pg_store_dialog.py"/>
        <source>no Safe Municipal role</source>
        <translation>无平安市政角色</translation>
    </message>
    <message>
        <location filename="../../dialogs/pg_store_dialog.py"/>
        <source>PostGIS store</source>
        <translation>PostGIS 数据库</translation>
    </message>
    <message>
        <location filename="../../dialogs/pg_store_dialog.py"/>
        <source>Other: pg_service or connection string</source>
        <translation>其他：pg_service 或连接字符串</translation>
    </message>
    <message>
        <location filename="../../dialogs/pg_store_dialog.py"/>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../dialogs/pg_store_dialog.py"/>
        <source>Connection string</source>
        <translation>连接字符串</translation>
    </message>
    <message>
        <location filename="../../dialogs/pg_store_dialog.py"/>
        <source>Schema</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../../dialogs/pg_store_dialog.py"/>
        <source>Authentication</source>
        <translation>身份验证</translation>
    </message>
    <message>
        <location filename="../../dialogs/pg_store_dialog.py"/>
        <source>CRS of a new store</source>
        <translation>新数据库的坐标参照系</translation>
    </message>
    <message>
        <location filename="../../dialogs/pg_store_dialog.py"/>
        <source>Store reference</source>
        <translation>数据库引用</translation>
    </message>
    <message>
        <location filename="../../dialogs/pg_store_dialog.py"/>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../processing/alg_create_store.py"/>
        <source>Create store</source>
        <translation>创建数据库</translation>
    </message>
    <message>
        <location filename="../../dialogs/pg_store_dialog.py"/>
        <source>Type a pg_service (service=…) or a connection string</source>
        <translation>请输入 pg_service（service=…）或连接字符串</translation>
    </message>
    <message>
        <location filename="../../dialogs/pg_store_dialog.py"/>
        <source>A store (schema version {v}, EPSG:{epsg}); you are {user}, {role}.</source>
        <translation>这是一个数据库（模式版本 {v}，EPSG:{epsg}）；您是 {user}，{role}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Building the maintenance plan</source>
        <translation>正在编制养护计划</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Accepting maintenance plan items</source>
        <translation>正在将养护计划项纳入计划</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Planned in</source>
        <translation>已列入计划</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Urgency {u} = severity {s} × importance {i} × overdue factor {o} ({d} days overdue)</source>
        <translation>紧急程度 {u} = 严重程度 {s} × 重要性 {i} × 逾期系数 {o}（逾期 {d} 天）</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Reasons: {reasons}</source>
        <translation>原因：{reasons}</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Grade {grade} ({standard}); next inspection due {due}</source>
        <translation>等级 {grade}（{standard}）；下次检测日期 {due}</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Cost unknown: no unit cost or no quantity (length, width) for this facility</source>
        <translation>费用未知：该设施缺少单价或工程量（长度、宽度）</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Cost {cost} = {quantity} × {unit} yuan ({basis}); cumulative {total}</source>
        <translation>费用 {cost} = {quantity} × {unit} 元（{basis}）；累计 {total}</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Beyond the budget</source>
        <translation>超出预算</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>Maintenance plan</source>
        <translation>养护计划</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>No budget</source>
        <translation>不限预算</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source> yuan</source>
        <translation> 元</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>All districts</source>
        <translation>全部城区</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Accept selected</source>
        <translation>所选纳入计划</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Write the selected items as planned maintenance records (one transaction); items planned already are skipped</source>
        <translation>将所选项目写入为计划养护记录（单个事务）；已列入计划的项目将跳过</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Go to the cut line</source>
        <translation>转到预算线</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Unit costs…</source>
        <translation>单价…</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Edit the unit costs the estimates use (the store's Unit costs table; the defaults are copied in the first time)</source>
        <translation>编辑估算所用的单价（数据库中的“单价”表；首次打开时复制默认单价）</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Every facility with due work in the period, ranked by urgency (grade severity × importance × days overdue). Store: {file}</source>
        <translation>时段内所有有到期工作的设施，按紧急程度排序（等级严重程度 × 重要性 × 逾期天数）。数据库：{file}</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>The period changed: press Compute to rebuild the plan.</source>
        <translation>时段已更改：请点击“计算”重新编制计划。</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>The end of the period is before its start.</source>
        <translation>时段的结束日期早于开始日期。</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Building the plan…</source>
        <translation>正在编制计划…</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>The plan could not be built: {problem}</source>
        <translation>无法编制计划：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>The maintenance plan of {file} could not be built: {problem}</source>
        <translation>无法编制 {file} 的养护计划：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>{n} items from {start} to {end}; {planned} of them planned already.</source>
        <translation>{start} 至 {end} 共 {n} 项，其中 {planned} 项已列入计划。</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>No budget: all {n} items, estimated {total} yuan.</source>
        <translation>不限预算：全部 {n} 项，估算 {total} 元。</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Budget {budget} yuan: all {n} items fit ({total} yuan).</source>
        <translation>预算 {budget} 元：全部 {n} 项均在预算内（{total} 元）。</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Cut line below rank {rank}: budget {budget} yuan covers {n} items ({within} yuan); {m} items ({rest} yuan) are beyond the budget (greyed).</source>
        <translation>预算线位于第 {rank} 名之后：预算 {budget} 元可安排 {n} 项（{within} 元）；{m} 项（{rest} 元）超出预算（灰色显示）。</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>The Unit costs layer of the store is not in the project.</source>
        <translation>工程中没有该数据库的“单价”图层。</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>The Unit costs layer is being edited: save or discard its edits first.</source>
        <translation>“单价”图层正在编辑：请先保存或放弃编辑。</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>The unit costs could not be prepared: {problem}</source>
        <translation>无法准备单价表：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>{n} default unit costs were copied into the store: edit them, then compute again.</source>
        <translation>已将 {n} 条默认单价复制到数据库：编辑后请重新计算。</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Give the plan a name first.</source>
        <translation>请先为计划命名。</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Writing {n} planned maintenance records…</source>
        <translation>正在写入 {n} 条计划养护记录…</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>Nothing was written: {problem}</source>
        <translation>未写入任何内容：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Accepting was cancelled; nothing was written.</source>
        <translation>已取消纳入计划，未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>Plan {ref}: {n} planned maintenance records written; {m} items were planned already.</source>
        <translation>计划 {ref}：已写入 {n} 条计划养护记录；{m} 项此前已列入计划。</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>item {n}: {field} {problem}</source>
        <translation>第 {n} 项：{field} {problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Export the maintenance plan</source>
        <translation>导出养护计划</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Exported {n} plan items to {file}.</source>
        <translation>已将 {n} 个计划项导出到 {file}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Within budget</source>
        <translation>预算内</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>All reasons</source>
        <translation>全部原因</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Importance</source>
        <translation>重要性</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Overdue factor</source>
        <translation>逾期系数</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>Cumulative cost (yuan)</source>
        <translation>累计费用（元）</translation>
    </message>
    <message>
        <location filename="../../dialogs/plan_dialog.py"/>
        <source>The layer {name} could not be refreshed.</source>
        <translation>无法刷新图层 {name}。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>(no district)</source>
        <translation>（未分区）</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/common.py"/>
        <source>{year} · {name}</source>
        <translation>{year} · {name}</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/common.py"/>
        <source>Row {n}: {field} {problem}.</source>
        <translation>第 {n} 行：{field} {problem}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/common.py"/>
        <source>{p} %</source>
        <translation>{p} %</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <source>Cannot write to the store: {problem}.</source>
        <translation>无法写入数据库：{problem}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <source>New programme</source>
        <translation>新建专项计划</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <source>optional, e.g. 2025年汛期前管网清疏</source>
        <translation>可选，例如 2025年汛期前管网清疏</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <source>Add district or county</source>
        <translation>添加区县</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <source>Targets by district or county (leave empty where there is none)</source>
        <translation>各区县目标（没有目标的区县留空）</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <source>km</source>
        <translation>km</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <source>covers</source>
        <translation>个</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <source>Sum of the district targets: {n}</source>
        <translation>各区县目标合计：{n}</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <source>Cover replacement: {code}</source>
        <translation>井盖更换：{code}</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <source>Now: {type}, {load}</source>
        <translation>现状：{type}，{load}</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <source>{kind} {code} {name}</source>
        <translation>{kind} {code} {name}</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <source>(none: counted by its date)</source>
        <translation>（不关联：按日期计入）</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <source>Plan for {code} {name}</source>
        <translation>一点一策整治方案：{code} {name}</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <source>GB 51222</source>
        <translation>GB 51222</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <source>Events and their GB 51222 check</source>
        <translation>积水事件及其 GB 51222 判定</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <location filename="../../reports/health_book_data.py"/>
        <source>Waterlogged (内涝点)</source>
        <translation>内涝点（未达标）</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <source>Compliant (rain above the design standard)</source>
        <translation>达标（降雨超过设计标准）</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <location filename="../../reports/health_book_data.py"/>
        <source>Compliant</source>
        <translation>达标</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/editors.py"/>
        <source>Not judged: {reason}</source>
        <translation>未判定：{reason}</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>New programme…</source>
        <translation>新建专项计划…</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Programme</source>
        <translation>专项计划</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>(no programme yet: create one)</source>
        <translation>（尚无专项计划：请新建）</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Record selected pipes as cleaned</source>
        <translation>将所选管道记录为已清疏</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <location filename="../../core/programmes.py"/>
        <source>District or county</source>
        <translation>区县</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Length (m)</source>
        <translation>长度（m）</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Show cleaning theme</source>
        <translation>显示清疏专题图</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Default style</source>
        <translation>默认样式</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Record cleaning</source>
        <translation>记录清疏</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Cleaned on</source>
        <translation>清疏日期</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>No pipe-cleaning programme yet. Create one with New programme…</source>
        <translation>尚无管网清疏专项计划。请点击“新建专项计划…”创建。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>{n} days left</source>
        <translation>剩余 {n} 天</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>{n} days ago</source>
        <translation>{n} 天前</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>{n} days overdue</source>
        <translation>已逾期 {n} 天</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Cleaned {done} of {target} km ({percent}) · {n} of {m} pipes · deadline {deadline} ({when})</source>
        <translation>已清疏 {done} / {target} km（{percent}）· 管道 {n} / {m} 段 · 截止日期 {deadline}（{when}）</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Target met on {date}.</source>
        <translation>已于 {date} 完成目标。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Still to clean: {n} pipes, {km} km</source>
        <translation>待清疏：{n} 段管道，{km} km</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>(the first {n} listed)</source>
        <translation>（仅列出前 {n} 段）</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Not yet</source>
        <translation>待清疏</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Select the cleaned pipes on the drainage pipe layer first.</source>
        <translation>请先在排水管道图层上选择已清疏的管道。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Recorded {n} pipes as cleaned on {date}.</source>
        <translation>已记录 {n} 段管道于 {date} 完成清疏。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>{n} skipped: cleaned already for this programme.</source>
        <translation>跳过 {n} 段：已在本专项计划中清疏。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>The drainage pipe layer of the store is not in the project.</source>
        <translation>数据库的排水管道图层不在工程中。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Record a replacement for the selected manhole…</source>
        <translation>为所选检查井记录井盖更换…</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Show cover theme</source>
        <translation>显示井盖专题图</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>No cover programme yet. Create one with New programme…</source>
        <translation>尚无井盖专项计划。请点击“新建专项计划…”创建。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Replaced {done} of {target} covers ({percent}) · anti-settlement {anti}</source>
        <translation>已更换井盖 {done} / {target} 个（{percent}）· 其中防沉降 {anti} 个</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Target not met yet (deadline {date}).</source>
        <translation>尚未完成目标（截止日期 {date}）。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Target met on {date}: {n} months early.</source>
        <translation>已于 {date} 完成目标：提前 {n} 个月。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Target met on {date}: {n} days late.</source>
        <translation>已于 {date} 完成目标：推迟 {n} 天。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Rain inlets added in {year}: {n}</source>
        <translation>{year} 年新增雨水口：{n} 个</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Select one manhole (or one rain inlet) on the map first.</source>
        <translation>请先在地图上选择一个检查井（或一个雨水口）。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>The manhole layer of the store is not in the project.</source>
        <translation>数据库的检查井图层不在工程中。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>all events</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Deadline</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Events</source>
        <translation>积水次数</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Waterlogged (GB 51222)</source>
        <translation>内涝次数（GB 51222）</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Last event</source>
        <translation>最近一次积水</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Plan of the selected point…</source>
        <translation>所选积水点的整治方案…</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Open the plan (一点一策) of the point selected in a list or on the map.</source>
        <translation>打开在列表或地图上选中的积水点的“一点一策”方案。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Repeat events: at least</source>
        <translation>反复积水：至少</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>events within</source>
        <translation>次，时间范围</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Points without a plan</source>
        <translation>无整治方案的积水点</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <location filename="../../core/programmes.py"/>
        <source>Plans overdue</source>
        <translation>逾期方案</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Points with repeat events</source>
        <translation>反复积水的积水点</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>{reason} The plan opens read-only.</source>
        <translation>{reason} 方案将以只读方式打开。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>{title} ({n})</source>
        <translation>{title}（{n}）</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Select a point in one of the lists, or one waterlogging point on the map.</source>
        <translation>请在列表中选择一个积水点，或在地图上选择一个积水点。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>The city's adjustable storage: {m3} m³ in {n} facilities ({k} with a pre-lowering level).</source>
        <translation>全市可调蓄容量：{n} 处设施共 {m3} m³（其中 {k} 处设有预降水位）。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Export XLSX…</source>
        <translation>导出 XLSX…</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>All programmes of {year}</source>
        <translation>{year} 年度全部专项计划</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Cannot export: {problem}</source>
        <translation>无法导出：{problem}</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Exported to {path}.</source>
        <translation>已导出到 {path}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>CSV, UTF-8 (*.csv)</source>
        <translation>CSV，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes/tabs.py"/>
        <source>Export the table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes_dock.py"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes_dock.py"/>
        <source>Cleaning</source>
        <translation>管网清疏</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes_dock.py"/>
        <source>Covers</source>
        <translation>井盖雨篦</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes_dock.py"/>
        <source>Storage</source>
        <translation>调蓄</translation>
    </message>
    <message>
        <location filename="../../dialogs/programmes_dock.py"/>
        <source>Cannot read the store {file}: {problem}.</source>
        <translation>无法读取数据库 {file}：{problem}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/roles.py"/>
        <source>The store is read-only: it cannot be changed.</source>
        <translation>数据库为只读：不能修改。</translation>
    </message>
    <message>
        <location filename="../../dialogs/roles.py"/>
        <source>Your login {user} ({role}) may not change: {tables}.</source>
        <translation>您的登录名 {user}（{role}）不能修改：{tables}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/store_actions.py"/>
        <source>New Safe Municipal store</source>
        <translation>新建平安市政数据库</translation>
    </message>
    <message>
        <location filename="../../dialogs/store_actions.py"/>
        <source>Open a Safe Municipal store</source>
        <translation>打开平安市政数据库</translation>
    </message>
    <message>
        <location filename="../../processing/base.py"/>
        <source>GeoPackage (*.gpkg);;All files (*)</source>
        <translation>GeoPackage (*.gpkg);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../dialogs/store_actions.py"/>
        <source>The store {file} is already in the project.</source>
        <translation>数据库 {file} 已在工程中。</translation>
    </message>
    <message>
        <location filename="../../dialogs/store_actions.py"/>
        <source>Opened {store}: {n} layers; you are {role}.</source>
        <translation>已打开 {store}：{n} 个图层；您是{role}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/store_actions.py"/>
        <source>Opened the store {file}: {n} layers.</source>
        <translation>已打开数据库 {file}：{n} 个图层。</translation>
    </message>
    <message>
        <location filename="../../dialogs/store_actions.py"/>
        <source>Cannot create the store {file}: {problem}.</source>
        <translation>无法创建数据库 {file}：{problem}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/store_actions.py"/>
        <source>Cannot open the store {file}: {problem}.</source>
        <translation>无法打开数据库 {file}：{problem}。</translation>
    </message>
    <message>
        <location filename="../../dialogs/store_actions.py"/>
        <source>The demo city is still being generated.</source>
        <translation>演示城市仍在生成中。</translation>
    </message>
    <message>
        <location filename="../../dialogs/store_actions.py"/>
        <source>Generating the demo city into {file}…</source>
        <translation>正在将演示城市生成到 {file}…</translation>
    </message>
    <message>
        <location filename="../../dialogs/store_actions.py"/>
        <source>Generating the demo city was cancelled; {file} was not changed.</source>
        <translation>已取消生成演示城市；{file} 未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../dialogs/store_actions.py"/>
        <source>The demo city is ready in {file}.</source>
        <translation>演示城市已生成：{file}。</translation>
    </message>
    <message>
        <location filename="../../layers/archive.py"/>
        <source>{table} {uid} was changed by {who} at {when} since you read it; reload it and save again</source>
        <translation>{table} {uid} 自您读取后已被 {who} 于 {when} 修改；请重新加载后再保存</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: not a Safe Municipal store ({error})</source>
        <translation>{path}：不是平安市政数据库（{error}）</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: not a Safe Municipal store (application is {name})</source>
        <translation>{path}：不是平安市政数据库（应用程序为 {name}）</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: damaged store (schema version {version})</source>
        <translation>{path}：数据库已损坏（结构版本 {version}）</translation>
    </message>
    <message>
        <location filename="../../layers/export_layer.py"/>
        <source>{path}: the folder {folder} does not exist</source>
        <translation>{path}：文件夹 {folder} 不存在</translation>
    </message>
    <message>
        <location filename="../../layers/export_layer.py"/>
        <source>{path}: the folder {folder} is read-only</source>
        <translation>{path}：文件夹 {folder} 为只读</translation>
    </message>
    <message>
        <location filename="../../layers/export_layer.py"/>
        <source>{path}: is a folder</source>
        <translation>{path}：是文件夹</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: a backup is a .zip file</source>
        <translation>{path}：备份应为 .zip 文件</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: no such store file</source>
        <translation>{path}：数据库文件不存在</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: cannot be copied ({error})</source>
        <translation>{path}：无法复制（{error}）</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{store}: cannot be copied ({error})</source>
        <translation>{store}：无法复制（{error}）</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: not a Safe Municipal backup (no {name})</source>
        <translation>{path}：不是平安市政备份（缺少 {name}）</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: the manifest cannot be read ({error})</source>
        <translation>{path}：无法读取清单文件（{error}）</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: not a Safe Municipal backup (format {format})</source>
        <translation>{path}：不是平安市政备份（格式为 {format}）</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: backup format {version} is newer than this plugin reads ({known}); update the plugin</source>
        <translation>{path}：备份格式 {version} 比本插件可读取的版本（{known}）更新；请更新插件</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: the manifest has no {key}</source>
        <translation>{path}：清单中缺少 {key}</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: no such backup file</source>
        <translation>{path}：备份文件不存在</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: the store file {name} is missing</source>
        <translation>{path}：缺少数据库文件 {name}</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: the backup is damaged or incomplete ({error})</source>
        <translation>{path}：备份已损坏或不完整（{error}）</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: cannot be read ({error})</source>
        <translation>{path}：无法读取（{error}）</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: the store in the backup does not match its manifest (size or SHA-256 differs); the backup was changed or damaged</source>
        <translation>{path}：备份中的数据库与清单不符（大小或 SHA-256 不同）；备份已被修改或损坏</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: the store in the backup cannot be read ({error})</source>
        <translation>{path}：无法读取备份中的数据库（{error}）</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: tables differ from the manifest: {tables}</source>
        <translation>{path}：数据表与清单不符：{tables}</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: the manifest says schema version {a}, the store {b}</source>
        <translation>{path}：清单中的结构版本为 {a}，数据库为 {b}</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: the store is in use by another program ({error}); close it (in QGIS: close the project) and restore again</source>
        <translation>{path}：数据库正被其他程序使用（{error}）；请将其关闭（在 QGIS 中：关闭工程）后重新恢复</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: the file exists already (choose another name or allow overwriting)</source>
        <translation>{path}：文件已存在（请选择其他名称或允许覆盖）</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: the backup has schema version {version}, newer than this plugin understands ({known}); update the plugin</source>
        <translation>{path}：备份的结构版本为 {version}，比本插件支持的版本（{known}）更新；请更新插件</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: the restored store cannot be opened ({error})</source>
        <translation>{path}：无法打开恢复后的数据库（{error}）</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path}: the store is in use by another program ({name} remains); close it and restore again</source>
        <translation>{path}：数据库正被其他程序使用（{name} 仍存在）；请将其关闭后重新恢复</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source> (a PostGIS store is never overwritten)</source>
        <translation>（PostGIS 数据库从不被覆盖）</translation>
    </message>
    <message>
        <location filename="../../layers/backup.py"/>
        <source>{path} cannot be restored into {store}: {error}</source>
        <translation>{path} 无法恢复到 {store}：{error}</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>{path}: cannot be read as {encoding} text ({error})</source>
        <translation>{path}：无法按 {encoding} 文本读取（{error}）</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>{path}: cannot be read as an XLSX workbook ({error})</source>
        <translation>{path}：无法作为 XLSX 工作簿读取（{error}）</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>{path}: the workbook has no sheet</source>
        <translation>{path}：工作簿中没有工作表</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>{path}: no sheet {sheet} (sheets: {names})</source>
        <translation>{path}：没有工作表 {sheet}（现有工作表：{names}）</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>{path}: no such file</source>
        <translation>{path}：文件不存在</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>{path}: a CCTV sheet is a .csv or .xlsx file</source>
        <translation>{path}：CCTV 检测表须为 .csv 或 .xlsx 文件</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>{pipe} on {date}: the manholes {up}→{down} of the sheet are not the pipe's; matched by the pipe code</source>
        <translation>{pipe}（{date}）：检测表中的检查井 {up}→{down} 与该管道不符；已按管道编号匹配</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>no pipe with code {code}</source>
        <translation>没有编号为 {code} 的管道</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>no pipe from {up} to {down}: no manhole with code {codes}</source>
        <translation>没有从 {up} 到 {down} 的管道：没有编号为 {codes} 的检查井</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>{n} pipes from {up} to {down} ({codes}): give the pipe code</source>
        <translation>从 {up} 到 {down} 有 {n} 段管道（{codes}）：请给出管道编号</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>no pipe from {up} to {down}</source>
        <translation>没有从 {up} 到 {down} 的管道</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>{code} on {date}: no pipe with this code; matched by the manholes to {pipe}</source>
        <translation>{code}（{date}）：没有该编号的管道；已按检查井匹配到 {pipe}</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>{pipe} on {date}: surveyed against the flow ({up}→{down}); distances measured from the pipe's other end</source>
        <translation>{pipe}（{date}）：逆水流方向检测（{up}→{down}）；距离已换算为自管道另一端起算</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>row {row}: a distance beyond {pipe}'s length {length} m was taken as its end</source>
        <translation>第 {row} 行：超出 {pipe} 长度 {length} m 的距离已按管道末端计</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>{pipe} was surveyed against the flow and its length is unknown: the distances cannot be turned round</source>
        <translation>{pipe} 为逆水流方向检测且长度未知：无法将距离反向换算</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>mode: {mode!r} is not append or update</source>
        <translation>mode：{mode!r} 不是 append 或 update</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>{path}: {problem}</source>
        <translation>{path}：{problem}</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>Columns not read: {columns}</source>
        <translation>未读取的列：{columns}</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>rejected with the inspection of {pipe} on {date}: row {rows} cannot be imported</source>
        <translation>随 {pipe} 于 {date} 的检测记录一并拒绝：第 {rows} 行无法导入</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>a CCTV inspection of {pipe} on {date} is in the store already (import in update mode to replace its defects)</source>
        <translation>数据库中已有 {pipe} 于 {date} 的 CCTV 检测记录（以更新模式导入可替换其缺陷）</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>{n} CCTV inspections of {pipe} on {date} are in the store: which one to replace is unclear</source>
        <translation>数据库中有 {n} 条 {pipe} 于 {date} 的 CCTV 检测记录：无法确定替换哪一条</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>{field} {problem}</source>
        <translation>{field} {problem}</translation>
    </message>
    <message>
        <location filename="../../layers/cctv_import.py"/>
        <source>Replaced the defects of {n} inspections ({old} old defects deleted)</source>
        <translation>已替换 {n} 条检测记录的缺陷（删除原有缺陷 {old} 条）</translation>
    </message>
    <message>
        <location filename="../../layers/export_layer.py"/>
        <source>{path}: unknown format {fmt} (choose gpkg, shp, geojson, csv or xlsx)</source>
        <translation>{path}：未知格式 {fmt}（请选择 gpkg、shp、geojson、csv 或 xlsx）</translation>
    </message>
    <message>
        <location filename="../../layers/export_layer.py"/>
        <source>{path}: the extension does not match the format {fmt}</source>
        <translation>{path}：扩展名与格式 {fmt} 不符</translation>
    </message>
    <message>
        <location filename="../../layers/export_layer.py"/>
        <source>{path}: unknown extension; choose .gpkg, .shp, .geojson, .csv or .xlsx</source>
        <translation>{path}：未知扩展名；请选择 .gpkg、.shp、.geojson、.csv 或 .xlsx</translation>
    </message>
    <message>
        <location filename="../../layers/export_layer.py"/>
        <source>{path}: is the store itself; choose another file</source>
        <translation>{path}：是数据库本身；请选择其他文件</translation>
    </message>
    <message>
        <location filename="../../layers/export_layer.py"/>
        <source>{path}: the store has no table {table}</source>
        <translation>{path}：数据库中没有表 {table}</translation>
    </message>
    <message>
        <location filename="../../layers/export_layer.py"/>
        <source>{path}: is a Safe Municipal store; export into another file</source>
        <translation>{path}：是平安市政数据库；请导出到其他文件</translation>
    </message>
    <message>
        <location filename="../../layers/export_layer.py"/>
        <source>The export was cancelled; nothing was written.</source>
        <translation>已取消导出，未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../layers/export_layer.py"/>
        <source>{path}: the filter {where} cannot be used ({error})</source>
        <translation>{path}：无法使用筛选条件 {where}（{error}）</translation>
    </message>
    <message>
        <location filename="../../layers/export_layer.py"/>
        <source>{path}: cannot transform to EPSG:{epsg} ({error})</source>
        <translation>{path}：无法转换到 EPSG:{epsg}（{error}）</translation>
    </message>
    <message>
        <location filename="../../layers/export_layer.py"/>
        <source>{field}: {n} values too long for {fmt} were cut (text) or left empty (JSON, content); export to GeoPackage to keep them whole</source>
        <translation>{field}：{n} 个值超出 {fmt} 的长度限制，已截断（文本）或留空（JSON、内容）；导出为 GeoPackage 可完整保留</translation>
    </message>
    <message>
        <location filename="../../layers/forms.py"/>
        <source>Must be between {0} and {1}</source>
        <translation>必须在 {0} 到 {1} 之间</translation>
    </message>
    <message>
        <location filename="../../layers/forms.py"/>
        <source>Must be at least {0}</source>
        <translation>不得小于 {0}</translation>
    </message>
    <message>
        <location filename="../../layers/forms.py"/>
        <source>Must be at most {0}</source>
        <translation>不得大于 {0}</translation>
    </message>
    <message>
        <location filename="../../layers/forms.py"/>
        <source>Must be a UUID of 36 characters, without braces</source>
        <translation>必须是 36 个字符的 UUID，不带花括号</translation>
    </message>
    <message>
        <location filename="../../layers/import_columns.py"/>
        <source>{file}: FIELD_MAP is not valid JSON ({error}); write it as {{"diameter_mm": "管径", "usage": "=雨水"}}</source>
        <translation>{file}：FIELD_MAP 不是有效的 JSON（{error}）；请按 {{"diameter_mm": "管径", "usage": "=雨水"}} 的格式填写</translation>
    </message>
    <message>
        <location filename="../../layers/import_columns.py"/>
        <source>{file}: FIELD_MAP must be a JSON object {{schema field: source field}}</source>
        <translation>{file}：FIELD_MAP 必须是 JSON 对象 {{schema field: source field}}（数据库字段: 源字段）</translation>
    </message>
    <message>
        <location filename="../../layers/import_columns.py"/>
        <source>{file}: FIELD_MAP: {field} is not a field of {table} ({fields})</source>
        <translation>{file}：FIELD_MAP：{field} 不是 {table} 的字段（{fields}）</translation>
    </message>
    <message>
        <location filename="../../layers/import_columns.py"/>
        <source>{file}: FIELD_MAP: the source of {field} must be a field name or =constant, not {value!r}</source>
        <translation>{file}：FIELD_MAP：{field} 的来源必须是字段名或 =常量，而不是 {value!r}</translation>
    </message>
    <message>
        <location filename="../../layers/import_columns.py"/>
        <source>{file}: FIELD_MAP: {source} (for {field}) is not a field of the file ({fields})</source>
        <translation>{file}：FIELD_MAP：{source}（对应 {field}）不是文件中的字段（{fields}）</translation>
    </message>
    <message>
        <location filename="../../layers/import_columns.py"/>
        <source>{file}: no field of the file gives {fields} (required for {table}): map one in FIELD_MAP, or give a constant such as {{"{first}": "=…"}}; the file has {sources}</source>
        <translation>{file}：文件中没有字段提供 {fields}（{table} 的必填字段）：请在 FIELD_MAP 中映射一个字段，或给出常量，例如 {{"{first}": "=…"}}；文件中的字段有 {sources}</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>{value} is not a coordinate reference system</source>
        <translation>{value} 不是坐标参照系</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>no transformation between the CRSs</source>
        <translation>两个坐标参照系之间没有可用的转换</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>has no geometry</source>
        <translation>没有几何</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>is not a readable geometry</source>
        <translation>不是可读取的几何</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>is empty</source>
        <translation>为空</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>cannot be transformed from {src} to {dst}</source>
        <translation>无法从 {src} 转换到 {dst}</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>has coordinates that are not finite numbers</source>
        <translation>含有非有限数值的坐标</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>is invalid: {reason} (REPAIR would try to repair it)</source>
        <translation>无效：{reason}（REPAIR 会尝试修复）</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>is invalid: {reason}; repairing it gives a {kind}, not one {target}</source>
        <translation>无效：{reason}；修复后得到的是 {kind}，而不是单个 {target}</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>is a {kind} of {n} parts that do not join into one line</source>
        <translation>是由 {n} 个部分组成的 {kind}，无法连接成一条线</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>is a {kind} of {n} parts; the table holds single {target}s{hint}</source>
        <translation>是由 {n} 个部分组成的 {kind}；该表只存储单个 {target}{hint}</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source> (REPAIR merges lines that join end to end)</source>
        <translation>（REPAIR 会合并首尾相接的线）</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>is a {kind}, the table holds {target}</source>
        <translation>是 {kind}，而该表存储的是 {target}</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>; with X and Y swapped it would fit (in Chinese survey tables X is the northing)</source>
        <translation>；交换 X 和 Y 后即可匹配（中国测量表格中 X 为北坐标）</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>; wrong CRS or SOURCE_CRS?</source>
        <translation>；坐标参照系或 SOURCE_CRS 是否有误？</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>near ({x:.8g}, {y:.8g})</source>
        <translation>位于 ({x:.8g}, {y:.8g}) 附近</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>after transformation from {src}</source>
        <translation>（由 {src} 转换后）</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>lies outside the area of use of the store's CRS {crs} ({area}): {where}{hint}</source>
        <translation>位于数据库坐标参照系 {crs} 的适用范围（{area}）之外：{where}{hint}</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>{n} geometries had Z or M values: stored in 2D.</source>
        <translation>{n} 个几何含有 Z 或 M 值：已按二维存储。</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>{n} multi-part geometries of one part were stored as single geometries.</source>
        <translation>{n} 个仅含一个部分的多部件几何已存储为单部件几何。</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>{n} multi-part lines were merged into one line (REPAIR).</source>
        <translation>{n} 条多部件线已合并为单条线（REPAIR）。</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>{n} invalid geometries were repaired (REPAIR).</source>
        <translation>已修复 {n} 个无效几何（REPAIR）。</translation>
    </message>
    <message>
        <location filename="../../layers/import_geometry.py"/>
        <source>not a valid geometry</source>
        <translation>不是有效的几何</translation>
    </message>
    <message>
        <location filename="../../layers/import_read.py"/>
        <source>kind: {kind} is not a facility table ({kinds})</source>
        <translation>kind：{kind} 不是设施表（{kinds}）</translation>
    </message>
    <message>
        <location filename="../../layers/import_read.py"/>
        <source>Fields not imported (no field of {table} takes them): {fields}.</source>
        <translation>未导入的字段（{table} 中没有对应字段）：{fields}。</translation>
    </message>
    <message>
        <location filename="../../layers/import_read.py"/>
        <source>Derived fields taken from the file as they are: {fields}.</source>
        <translation>按文件原值读取的派生字段：{fields}。</translation>
    </message>
    <message>
        <location filename="../../layers/import_read.py"/>
        <source>{file}: cannot transform {src} to the store's EPSG:{epsg} ({detail})</source>
        <translation>{file}：无法将 {src} 转换到数据库的 EPSG:{epsg}（{detail}）</translation>
    </message>
    <message>
        <location filename="../../layers/import_read.py"/>
        <source>GDAL reported errors while reading: {errors}</source>
        <translation>GDAL 读取时报告错误：{errors}</translation>
    </message>
    <message>
        <location filename="../../layers/import_read.py"/>
        <source>{file}: no feature has a geometry (a CSV's coordinates or WKT unreadable?)</source>
        <translation>{file}：没有要素含有几何（CSV 的坐标或 WKT 无法读取？）</translation>
    </message>
    <message>
        <location filename="../../layers/import_read.py"/>
        <source>(MODE update finds rows by code: the file needs a code field)</source>
        <translation>（MODE 为 update 时按编号查找行：文件需要编号字段）</translation>
    </message>
    <message>
        <location filename="../../layers/import_read.py"/>
        <source>The file has no code field: {n} codes generated ({first} … {last}).</source>
        <translation>文件没有编号字段：已生成 {n} 个编号（{first} … {last}）。</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: the .shx index file is missing (a shapefile is the .shp, .shx and .dbf files together: copy all of them)</source>
        <translation>{file}：缺少 .shx 索引文件（Shapefile 由 .shp、.shx 和 .dbf 文件共同组成：请全部复制）</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: the .dbf attribute file is missing (a shapefile is the .shp, .shx and .dbf files together: copy all of them)</source>
        <translation>{file}：缺少 .dbf 属性文件（Shapefile 由 .shp、.shx 和 .dbf 文件共同组成：请全部复制）</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: not a readable shapefile ({part} does not start with a shapefile header)</source>
        <translation>{file}：不是可读取的 Shapefile（{part} 开头不是 Shapefile 文件头）</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: {part} is truncated ({actual} of {declared} bytes): the copy was cut short, copy it again</source>
        <translation>{file}：{part} 不完整（应有 {declared} 字节，仅有 {actual} 字节）：文件复制不完整，请重新复制</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: {part} is not a readable dBASE file ({error})</source>
        <translation>{file}：{part} 不是可读取的 dBASE 文件（{error}）</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: {part} is truncated ({n} of {total} records): the copy was cut short, copy it again</source>
        <translation>{file}：{part} 不完整（应有 {total} 条记录，仅有 {n} 条）：文件复制不完整，请重新复制</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: the .shx indexes {n} shapes but the .dbf holds {m} records: the files do not belong together</source>
        <translation>{file}：.shx 索引了 {n} 个图形，但 .dbf 有 {m} 条记录：这些文件不属于同一个 Shapefile</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>ENCODING {enc} used; the .cpg file says {cpg}.</source>
        <translation>已使用 ENCODING {enc}；.cpg 文件指定的是 {cpg}。</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>The .cpg file names an unknown encoding ({cpg}): GDAL's reading kept; set ENCODING if the text looks wrong.</source>
        <translation>.cpg 文件指定了未知编码（{cpg}）：保留 GDAL 的读取结果；如文字显示异常，请设置 ENCODING。</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file} has no .cpg file: its text was read as {enc}, detected from the .dbf's bytes (set ENCODING if names look wrong).</source>
        <translation>{file} 没有 .cpg 文件：已根据 .dbf 的字节检测编码，按 {enc} 读取文本（如名称显示异常，请设置 ENCODING）。</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: the field name {name} is not valid {enc} text: the encoding is wrong (set ENCODING, e.g. GB18030)</source>
        <translation>{file}：字段名 {name} 不是有效的 {enc} 文本：编码有误（请设置 ENCODING，例如 GB18030）</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: text read as {enc} (detected; set ENCODING if names look wrong).</source>
        <translation>{file}：已按检测到的编码 {enc} 读取文本（如名称显示异常，请设置 ENCODING）。</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: the column names are not valid {enc} text: the encoding is wrong (set ENCODING)</source>
        <translation>{file}：列名不是有效的 {enc} 文本：编码有误（请设置 ENCODING）</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: FIELD_MAP: {key} column {name} is not a column of the file ({columns})</source>
        <translation>{file}：FIELD_MAP：{key} 列 {name} 不是文件中的列（{columns}）</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: the table has no geometry: a CSV needs coordinate columns (x/y, lon/lat, 经度/纬度, X坐标/Y坐标) or a WKT column; name them in FIELD_MAP as "x", "y" or "wkt"</source>
        <translation>{file}：表格没有几何：CSV 需要坐标列（x/y、lon/lat、经度/纬度、X坐标/Y坐标）或 WKT 列；请在 FIELD_MAP 中将其指定为 "x"、"y" 或 "wkt"</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: the file does not exist ({path})</source>
        <translation>{file}：文件不存在（{path}）</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: is a folder, not a file (only a FileGDB .gdb folder is read)</source>
        <translation>{file}：是文件夹而不是文件（只能读取 FileGDB 的 .gdb 文件夹）</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: the file is empty (0 bytes)</source>
        <translation>{file}：文件为空（0 字节）</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: ENCODING {enc} is not an encoding known here (try UTF-8, GB18030, GBK)</source>
        <translation>{file}：ENCODING {enc} 不是可识别的编码（请尝试 UTF-8、GB18030、GBK）</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>ENCODING is for shapefiles, CSV tables and DXF drawings; {file} is read as its format defines.</source>
        <translation>ENCODING 仅适用于 Shapefile、CSV 表格和 DXF 图纸；{file} 按其格式规定的编码读取。</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: not a readable vector file{detail}</source>
        <translation>{file}：不是可读取的矢量文件{detail}</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: the field name {name} is not valid text: the encoding is wrong (set ENCODING)</source>
        <translation>{file}：字段名 {name} 不是有效文本：编码有误（请设置 ENCODING）</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: no layer {layer} (layers: {names})</source>
        <translation>{file}：没有图层 {layer}（现有图层：{names}）</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: layer {layer} read (named like the facility kind; the file has {n} layers).</source>
        <translation>{file}：已读取图层 {layer}（与设施类别同名；文件共有 {n} 个图层）。</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: the file has {n} layers ({names}): choose one with LAYER</source>
        <translation>{file}：文件有 {n} 个图层（{names}）：请用 LAYER 选择其中一个</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: layer {layer} has no geometry (a table without coordinates cannot be imported as {kind})</source>
        <translation>{file}：图层 {layer} 没有几何（没有坐标的表格不能作为 {kind} 导入）</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: layer {layer} holds {found} geometries; {kind} needs {target}s</source>
        <translation>{file}：图层 {layer} 存储的是 {found} 几何；{kind} 需要 {target} 几何</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: layer {layer} has no features</source>
        <translation>{file}：图层 {layer} 没有要素</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: the .prj file is not readable and was ignored.</source>
        <translation>{file}：.prj 文件无法读取，已忽略。</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: SOURCE_CRS {crs} is not a coordinate reference system</source>
        <translation>{file}：SOURCE_CRS {crs} 不是坐标参照系</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>{file}: the file has no coordinate reference system (no .prj?); give SOURCE_CRS, e.g. EPSG:4546 — coordinates are never guessed</source>
        <translation>{file}：文件没有坐标参照系（缺少 .prj？）；请指定 SOURCE_CRS，例如 EPSG:4546——不会自动猜测坐标系</translation>
    </message>
    <message>
        <location filename="../../layers/import_source.py"/>
        <source>SOURCE_CRS {given} ignored: {file} declares {crs}.</source>
        <translation>已忽略 SOURCE_CRS {given}：{file} 已声明 {crs}。</translation>
    </message>
    <message>
        <location filename="../../layers/import_write.py"/>
        <source>code {code} appears {n} times in the import (rows {rows})</source>
        <translation>编号 {code} 在导入数据中出现 {n} 次（第 {rows} 行）</translation>
    </message>
    <message>
        <location filename="../../layers/import_write.py"/>
        <source>uid {uid} appears {n} times in the import (rows {rows})</source>
        <translation>uid {uid} 在导入数据中出现 {n} 次（第 {rows} 行）</translation>
    </message>
    <message>
        <location filename="../../layers/import_write.py"/>
        <source>code {code} is already in the store (MODE update would update that row)</source>
        <translation>编号 {code} 已在数据库中（MODE 为 update 时将更新该行）</translation>
    </message>
    <message>
        <location filename="../../layers/import_write.py"/>
        <source>uid {uid} is already in the store</source>
        <translation>uid {uid} 已在数据库中</translation>
    </message>
    <message>
        <location filename="../../processing/import_base.py"/>
        <source>Import cancelled: nothing was written.</source>
        <translation>已取消导入：未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../layers/import_write.py"/>
        <source>{table} is not a table of the store</source>
        <translation>{table} 不是数据库中的表</translation>
    </message>
    <message>
        <location filename="../../layers/import_write.py"/>
        <source>the row is not a set of fields</source>
        <translation>该行不是字段集合</translation>
    </message>
    <message>
        <location filename="../../layers/import_write.py"/>
        <source>uid {uid} differs from the store's uid {store_uid} of code {code}</source>
        <translation>uid {uid} 与数据库中编号 {code} 的 uid {store_uid} 不一致</translation>
    </message>
    <message>
        <location filename="../../layers/import_write.py"/>
        <source>refers to {table} {code}, which appears more than once in the import</source>
        <translation>引用了 {table} {code}，但它在导入数据中出现多次</translation>
    </message>
    <message>
        <location filename="../../layers/import_write.py"/>
        <source>refers to {table} {code}, which was rejected (row {row})</source>
        <translation>引用了 {table} {code}，但它已被拒绝（第 {row} 行）</translation>
    </message>
    <message>
        <location filename="../../layers/import_write.py"/>
        <source>refers to {table} {code}, which is neither in the import nor in the store</source>
        <translation>引用了 {table} {code}，但它既不在导入数据中，也不在数据库中</translation>
    </message>
    <message>
        <location filename="../../layers/import_write.py"/>
        <source>is not a geometry ({error})</source>
        <translation>不是几何（{error}）</translation>
    </message>
    <message>
        <location filename="../../layers/import_write.py"/>
        <source>{store}: the store refused a row ({error}); nothing was written</source>
        <translation>{store}：数据库拒绝写入一行（{error}）；未写入任何内容</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>{n} rows read</source>
        <translation>已读取 {n} 行</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>{n} inserted into {table}</source>
        <translation>{table} 新增 {n} 行</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>{n} updated in {table}</source>
        <translation>{table} 更新 {n} 行</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>{n} unchanged in {table}</source>
        <translation>{table} 未变 {n} 行</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>{n} rejections</source>
        <translation>拒绝 {n} 行</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>nothing written</source>
        <translation>未写入任何内容</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>nothing written (strict mode)</source>
        <translation>未写入任何内容（严格模式）</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>{path}: a report file ends with .csv or .json</source>
        <translation>{path}：报告文件的扩展名须为 .csv 或 .json</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>is too large ({value})</source>
        <translation>过大（{value}）</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>is not WKB geometry ({kind})</source>
        <translation>不是 WKB 几何（{kind}）</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>has Z or M values (2D expected)</source>
        <translation>含有 Z 或 M 值（应为二维）</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>is a {found}, the table holds {expected}</source>
        <translation>是 {found}，而该表存储的是 {expected}</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>unknown geometry</source>
        <translation>未知几何</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>is a line with fewer than two points</source>
        <translation>是少于两个点的线</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>has a ring with fewer than four points</source>
        <translation>含有少于四个点的环</translation>
    </message>
    <message>
        <location filename="../../layers/importer.py"/>
        <source>has a ring that is not closed</source>
        <translation>含有未闭合的环</translation>
    </message>
    <message>
        <location filename="../../layers/meeting_themes.py"/>
        <source>No plan</source>
        <translation>无整治方案</translation>
    </message>
    <message>
        <location filename="../../layers/meeting_themes.py"/>
        <source>Plan overdue</source>
        <translation>方案逾期</translation>
    </message>
    <message>
        <location filename="../../layers/meeting_themes.py"/>
        <source>Plan open</source>
        <translation>方案未完成</translation>
    </message>
    <message>
        <location filename="../../layers/meeting_themes.py"/>
        <source>Plan done</source>
        <translation>方案已完成</translation>
    </message>
    <message>
        <location filename="../../layers/meeting_themes.py"/>
        <source>Facility grades</source>
        <translation>设施等级</translation>
    </message>
    <message>
        <location filename="../../layers/meeting_themes.py"/>
        <source>Waterlogging points and their plans</source>
        <translation>积水点及整治方案</translation>
    </message>
    <message>
        <location filename="../../layers/meeting_themes.py"/>
        <source>Pipe cleaning progress</source>
        <translation>管网清疏进度</translation>
    </message>
    <message>
        <location filename="../../layers/meeting_themes.py"/>
        <source>Cover replacement progress</source>
        <translation>井盖更换进度</translation>
    </message>
    <message>
        <location filename="../../layers/meeting_themes.py"/>
        <source>Work due in {year}</source>
        <translation>{year} 年到期工作</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <source>Inspection due</source>
        <translation>检测到期</translation>
    </message>
    <message>
        <location filename="../../layers/meeting_themes.py"/>
        <source>No work due in {year}</source>
        <translation>{year} 年无到期工作</translation>
    </message>
    <message>
        <location filename="../../layers/meeting_themes.py"/>
        <source>Waterlogging plans (一点一策)</source>
        <translation>一点一策整治方案</translation>
    </message>
    <message>
        <location filename="../../layers/meeting_themes.py"/>
        <source>Next action</source>
        <translation>建议措施</translation>
    </message>
    <message>
        <location filename="../../layers/meeting_themes.py"/>
        <source>Next inspection due</source>
        <translation>下次检测日期</translation>
    </message>
    <message>
        <location filename="../../layers/osm_import.py"/>
        <source>{path}: GDAL cannot read it as OpenStreetMap data ({error}).</source>
        <translation>{path}：GDAL 无法将其作为 OpenStreetMap 数据读取（{error}）。</translation>
    </message>
    <message>
        <location filename="../../layers/osm_import.py"/>
        <source>Unknown facility kinds {kinds}; OpenStreetMap imports {known}.</source>
        <translation>未知设施类别 {kinds}；OpenStreetMap 可导入 {known}。</translation>
    </message>
    <message>
        <location filename="../../layers/osm_import.py"/>
        <source>{path}: an OpenStreetMap file ends with .osm or .osm.pbf.</source>
        <translation>{path}：OpenStreetMap 文件的扩展名须为 .osm 或 .osm.pbf。</translation>
    </message>
    <message>
        <location filename="../../layers/swmm_import.py"/>
        <source>{path} does not exist.</source>
        <translation>{path} 不存在。</translation>
    </message>
    <message>
        <location filename="../../layers/swmm_import.py"/>
        <source>cannot be transformed to EPSG:{epsg}</source>
        <translation>无法转换到 EPSG:{epsg}</translation>
    </message>
    <message>
        <location filename="../../layers/osm_import.py"/>
        <source>{n} ways were no facility of the kinds imported (footways, tracks, railways, streams...) and were skipped.</source>
        <translation>{n} 条 OSM way 不是所导入类别的设施（人行道、小路、铁路、溪流等），已跳过。</translation>
    </message>
    <message>
        <location filename="../../layers/osm_import.py"/>
        <source>{n} drains had neither a diameter nor a width tag: {mm} mm assumed.</source>
        <translation>{n} 条排水管道既无管径也无宽度标签：按 {mm} mm 处理。</translation>
    </message>
    <message>
        <location filename="../../layers/osm_import.py"/>
        <source>{n} ways lie outside the area of use of the store's CRS EPSG:{epsg} ({area}); their coordinates were transformed anyway and may be far off.</source>
        <translation>{n} 条 OSM way 位于数据库坐标参照系 EPSG:{epsg} 的适用范围（{area}）之外；其坐标仍已转换，但可能偏差很大。</translation>
    </message>
    <message>
        <location filename="../../layers/pg_admin.py"/>
        <source>PostgreSQL support needs psycopg2 (python3-psycopg2)</source>
        <translation>PostgreSQL 支持需要 psycopg2（python3-psycopg2）</translation>
    </message>
    <message>
        <location filename="../../layers/pg_store.py"/>
        <source>Cannot connect to {where}: {error}</source>
        <translation>无法连接到 {where}：{error}</translation>
    </message>
    <message>
        <location filename="../../layers/pg_store.py"/>
        <source>{where}: the store has schema version {version}, newer than this plugin understands ({mine}); update the plugin</source>
        <translation>{where}：数据库的模式版本为 {version}，比本插件支持的版本（{mine}）更新；请更新插件</translation>
    </message>
    <message>
        <location filename="../../layers/pg_store.py"/>
        <source>{where}: the store has schema version {version} and needs upgrading to {mine}; open it writable to migrate</source>
        <translation>{where}：数据库的模式版本为 {version}，需要升级到 {mine}；请以可写方式打开以迁移</translation>
    </message>
    <message>
        <location filename="../../layers/pg_store.py"/>
        <source>{where}: no Safe Municipal store (no schema {schema})</source>
        <translation>{where}：不是平安市政数据库（没有模式 {schema}）</translation>
    </message>
    <message>
        <location filename="../../layers/pg_store.py"/>
        <source>{where}: the store has schema version {version} and needs upgrading to {mine}; only a member of {admin} may upgrade it</source>
        <translation>{where}：数据库的模式版本为 {version}，需要升级到 {mine}；只有 {admin} 的成员可以升级</translation>
    </message>
    <message>
        <location filename="../../layers/pg_store.py"/>
        <source>{where}: your role {user} may not suspend the audit log (only {admin} may)</source>
        <translation>{where}：您的角色 {user} 无权暂停审计日志（只有 {admin} 可以）</translation>
    </message>
    <message>
        <location filename="../../layers/pg_store.py"/>
        <source>{table} {uid} was changed by {who} at {when} since you read it (version {read}, now {now}); reload it and save again</source>
        <translation>{table} {uid} 在您读取后已由 {who} 于 {when} 修改（您读取的版本 {read}，当前版本 {now}）；请重新加载后再保存</translation>
    </message>
    <message>
        <location filename="../../layers/pg_store.py"/>
        <source>{where}: your role {user} may not {action} rows of {table} ({error})</source>
        <translation>{where}：您的角色 {user} 无权{action} {table} 的行（{error}）</translation>
    </message>
    <message>
        <location filename="../../layers/programme_themes.py"/>
        <source>Cleaned</source>
        <translation>已清疏</translation>
    </message>
    <message>
        <location filename="../../layers/programme_themes.py"/>
        <source>Overdue (deadline {date})</source>
        <translation>已逾期（截止日期 {date}）</translation>
    </message>
    <message>
        <location filename="../../layers/programme_themes.py"/>
        <source>Not yet cleaned</source>
        <translation>尚未清疏</translation>
    </message>
    <message>
        <location filename="../../layers/programme_themes.py"/>
        <source>The layer {name} reads no store</source>
        <translation>图层 {name} 未读取任何数据库</translation>
    </message>
    <message>
        <location filename="../../layers/programme_themes.py"/>
        <source>Cleaning {year} (theme)</source>
        <translation>{year} 年管网清疏（专题图）</translation>
    </message>
    <message>
        <location filename="../../layers/programme_themes.py"/>
        <source>Pipe cleaning {year}</source>
        <translation>{year} 年管网清疏</translation>
    </message>
    <message>
        <location filename="../../layers/programme_themes.py"/>
        <source>Replaced in {year}: anti-settlement cover</source>
        <translation>{year} 年更换：防沉降井盖</translation>
    </message>
    <message>
        <location filename="../../layers/programme_themes.py"/>
        <source>Replaced in {year}: other new cover</source>
        <translation>{year} 年更换：其他新型井盖</translation>
    </message>
    <message>
        <location filename="../../layers/programme_themes.py"/>
        <source>Anti-settlement cover from before {year}</source>
        <translation>{year} 年以前的防沉降井盖</translation>
    </message>
    <message>
        <location filename="../../layers/programme_themes.py"/>
        <source>Not yet replaced</source>
        <translation>尚未更换</translation>
    </message>
    <message>
        <location filename="../../layers/programme_themes.py"/>
        <source>Cover replacement {year}</source>
        <translation>{year} 年井盖更换</translation>
    </message>
    <message>
        <location filename="../../layers/project.py"/>
        <source>{store}: QGIS cannot open the table {table}</source>
        <translation>{store}：QGIS 无法打开表 {table}</translation>
    </message>
    <message>
        <location filename="../../layers/project.py"/>
        <source>Upgraded the store {path} from schema version {old} to {new}</source>
        <translation>已将数据库 {path} 的结构版本从 {old} 升级到 {new}</translation>
    </message>
    <message>
        <location filename="../../layers/project.py"/>
        <source>Loaded store {0}: {1} layers ({2} new), {3} relations</source>
        <translation>已加载数据库 {0}：{1} 个图层（新增 {2} 个），{3} 个关系</translation>
    </message>
    <message>
        <location filename="../../layers/relations.py"/>
        <source>Relation {0} is not valid and was not added</source>
        <translation>关系 {0} 无效，未添加</translation>
    </message>
    <message>
        <location filename="../../layers/relations.py"/>
        <source>Relation {0} now links the layers of another store</source>
        <translation>关系 {0} 现已连接到另一个数据库的图层</translation>
    </message>
    <message>
        <location filename="../../layers/store_copy.py"/>
        <source>{path}: the file exists already; a copy goes into a new file</source>
        <translation>{path}：文件已存在；副本将写入新文件</translation>
    </message>
    <message>
        <location filename="../../layers/store_copy.py"/>
        <source>{store}: uses EPSG:{have}, the data is in EPSG:{want}; copy into a store of the same coordinate system (or a new schema)</source>
        <translation>{store}：使用 EPSG:{have}，数据为 EPSG:{want}；请复制到相同坐标参照系的数据库（或新模式）</translation>
    </message>
    <message>
        <location filename="../../layers/store_copy.py"/>
        <source>{store}: is not empty ({tables}); a copy or a restore goes into an empty store — name a schema that does not exist yet and it is created</source>
        <translation>{store}：不为空（{tables}）；复制或恢复只能写入空数据库——指定一个尚不存在的模式，将自动创建</translation>
    </message>
    <message>
        <location filename="../../layers/store_ref.py"/>
        <source>QGIS connection {name}</source>
        <translation>QGIS 连接 {name}</translation>
    </message>
    <message>
        <location filename="../../layers/store_ref.py"/>
        <source>service {name}</source>
        <translation>服务 {name}</translation>
    </message>
    <message>
        <location filename="../../layers/store_ref.py"/>
        <source>PostGIS store {schema} on {where}</source>
        <translation>{where} 上的 PostGIS 数据库 {schema}</translation>
    </message>
    <message>
        <location filename="../../layers/store_ref.py"/>
        <source>A store reference may not hold a password: keep it in the QGIS authentication manager (authcfg=…), a pg_service file or ~/.pgpass</source>
        <translation>数据库引用中不能包含密码：请将其保存在 QGIS 身份验证管理器（authcfg=…）、pg_service 文件或 ~/.pgpass 中</translation>
    </message>
    <message>
        <location filename="../../layers/store_ref.py"/>
        <source>Unknown keyword in the store reference: {names}</source>
        <translation>数据库引用中有未知关键字：{names}</translation>
    </message>
    <message>
        <location filename="../../layers/store_ref.py"/>
        <source>{schema} is not a usable schema name (letters, digits, _)</source>
        <translation>{schema} 不是可用的模式名（字母、数字、_）</translation>
    </message>
    <message>
        <location filename="../../layers/store_ref.py"/>
        <source>The store reference names no database: give service=, connection=, dbname=/host= or a postgresql:// URL</source>
        <translation>数据库引用未指定数据库：请给出 service=、connection=、dbname=/host= 或 postgresql:// 网址</translation>
    </message>
    <message>
        <location filename="../../layers/store_ref.py"/>
        <source>Cannot read the store reference {ref}: {error}</source>
        <translation>无法读取数据库引用 {ref}：{error}</translation>
    </message>
    <message>
        <location filename="../../layers/store_ref.py"/>
        <source>Cannot read the store reference {ref}: {token} is not key=value</source>
        <translation>无法读取数据库引用 {ref}：{token} 不是 key=value 形式</translation>
    </message>
    <message>
        <location filename="../../layers/store_ref.py"/>
        <source>connection={name} names a QGIS connection: open the store from QGIS or give service= or host=/dbname=</source>
        <translation>connection={name} 指的是 QGIS 连接：请从 QGIS 中打开数据库，或给出 service= 或 host=/dbname=</translation>
    </message>
    <message>
        <location filename="../../layers/store_ref.py"/>
        <source>QGIS has no PostgreSQL connection named {name}</source>
        <translation>QGIS 中没有名为 {name} 的 PostgreSQL 连接</translation>
    </message>
    <message>
        <location filename="../../layers/store_ref.py"/>
        <source>authcfg={id} needs the QGIS authentication manager: open the store from QGIS or qgis_process</source>
        <translation>authcfg={id} 需要 QGIS 身份验证管理器：请从 QGIS 或 qgis_process 中打开数据库</translation>
    </message>
    <message>
        <location filename="../../layers/store_ref.py"/>
        <source>The QGIS authentication configuration {id} cannot be read (unknown id, or the master password was not given)</source>
        <translation>无法读取 QGIS 身份验证配置 {id}（未知的 ID，或未提供主密码）</translation>
    </message>
    <message>
        <location filename="../../layers/store_ref.py"/>
        <source>The QGIS authentication configuration {id} uses method {method}; the store needs Basic (user name and password)</source>
        <translation>QGIS 身份验证配置 {id} 使用的方法为 {method}；数据库需要 Basic（用户名和密码）</translation>
    </message>
    <message>
        <location filename="../../layers/styles.py"/>
        <source>Could not load the style {0}: {1}</source>
        <translation>无法加载样式 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../layers/styles.py"/>
        <source>Other / not recorded</source>
        <translation>其他 / 未记录</translation>
    </message>
    <message>
        <location filename="../../layers/swmm_import.py"/>
        <source>pumps</source>
        <translation>水泵</translation>
    </message>
    <message>
        <location filename="../../layers/swmm_import.py"/>
        <source>orifices</source>
        <translation>孔口</translation>
    </message>
    <message>
        <location filename="../../layers/swmm_import.py"/>
        <source>weirs</source>
        <translation>堰</translation>
    </message>
    <message>
        <location filename="../../layers/swmm_import.py"/>
        <source>outlets</source>
        <translation>出流口</translation>
    </message>
    <message>
        <location filename="../../layers/swmm_import.py"/>
        <source>subcatchments</source>
        <translation>子汇水区</translation>
    </message>
    <message>
        <location filename="../../layers/swmm_import.py"/>
        <source>{crs} is not a coordinate reference system.</source>
        <translation>{crs} 不是坐标参照系。</translation>
    </message>
    <message>
        <location filename="../../layers/swmm_import.py"/>
        <source>The model's [MAP] units are degrees but the source CRS is not geographic: check SOURCE_CRS.</source>
        <translation>模型 [MAP] 的单位为度，但源坐标参照系不是地理坐标系：请检查 SOURCE_CRS。</translation>
    </message>
    <message>
        <location filename="../../layers/swmm_import.py"/>
        <source>The model's [MAP] units are {units} but the source CRS is geographic: check SOURCE_CRS.</source>
        <translation>模型 [MAP] 的单位为 {units}，但源坐标参照系是地理坐标系：请检查 SOURCE_CRS。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_swmm.py"/>
        <source>{name} has no coordinate reference system; give SOURCE_CRS.</source>
        <translation>{name} 没有坐标参照系；请指定 SOURCE_CRS。</translation>
    </message>
    <message>
        <location filename="../../layers/swmm_import.py"/>
        <source>USAGE: {value} is not one of {allowed}</source>
        <translation>USAGE：{value} 不在可选值 {allowed} 之中</translation>
    </message>
    <message>
        <location filename="../../layers/swmm_import.py"/>
        <source>{name} line {line} [{section}]: {problem}</source>
        <translation>{name} 第 {line} 行 [{section}]：{problem}</translation>
    </message>
    <message>
        <location filename="../../layers/swmm_import.py"/>
        <source>{name} line {line}: {problem}</source>
        <translation>{name} 第 {line} 行：{problem}</translation>
    </message>
    <message>
        <location filename="../../layers/swmm_import.py"/>
        <source>{n} {kind} not imported: they are no facilities of the store.</source>
        <translation>未导入 {n} 个 {kind}：数据库中没有此类设施。</translation>
    </message>
    <message>
        <location filename="../../layers/swmm_import.py"/>
        <source>{n} objects lie outside the area of use of the store's CRS EPSG:{epsg} ({area}): is SOURCE_CRS right?</source>
        <translation>{n} 个对象位于数据库坐标参照系 EPSG:{epsg} 的适用范围（{area}）之外：SOURCE_CRS 是否正确？</translation>
    </message>
    <message>
        <location filename="../../layers/themes.py"/>
        <source>{grade} ({standard})</source>
        <translation>{grade}（{standard}）</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <source>Not graded</source>
        <translation>未评级</translation>
    </message>
    <message>
        <location filename="../../layers/themes.py"/>
        <source>Inspection overdue</source>
        <translation>检测已逾期</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>New store…</source>
        <translation>新建数据库…</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Create an empty Safe Municipal store (a GeoPackage file) and add its layers</source>
        <translation>新建空的平安市政数据库（GeoPackage 文件）并加入其图层</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Open store…</source>
        <translation>打开数据库…</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Add the layers of a Safe Municipal store to the project</source>
        <translation>将平安市政数据库的图层加入工程</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Open PostGIS store…</source>
        <translation>打开 PostGIS 数据库…</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Open or create the office's shared store in a PostgreSQL/PostGIS database</source>
        <translation>打开或创建办公室在 PostgreSQL/PostGIS 数据库中的共享数据库</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Generate demo city…</source>
        <translation>生成演示城市…</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Write a demo city into a new store in the background, then add it</source>
        <translation>在后台将演示城市写入新数据库，完成后加入工程</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Version, purpose and links of the plugin</source>
        <translation>插件的版本、用途和链接</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Click a facility on the map to open its archive: records, maintenance, attachments, connections</source>
        <translation>在地图上点击设施，打开其档案：检测记录、养护、附件、关联设施</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Add maintenance to selected…</source>
        <translation>为所选设施添加养护…</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Add one maintenance record to every selected facility, in one step</source>
        <translation>一次为每个所选设施添加一条养护记录</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Assess network…</source>
        <translation>路网体检…</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Grade every facility of the store by its national standard in the background, then show the grades</source>
        <translation>在后台按国家标准为数据库中的每个设施评级，然后显示等级</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Maintenance plan…</source>
        <translation>养护计划…</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Rank the work due by urgency, cut at the budget and accept it as planned works</source>
        <translation>按紧急程度对到期工作排序，按预算划线，并纳入计划养护工程</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Flood-season cleaning, covers and grates, waterlogging plans, storage and district statistics</source>
        <translation>汛期前管网清疏、井盖雨篦更换、积水点一点一策、调蓄设施和区县统计</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Register cover cases on the map and dispatch them to the maintenance units in rotation</source>
        <translation>在地图上登记井盖案件，并按轮派顺序派发给养护单位</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Import data…</source>
        <translation>导入数据…</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Import survey files, OpenStreetMap, SWMM models or CCTV defect sheets into the store, with a field map, a preview and a report</source>
        <translation>将测绘文件、OpenStreetMap、SWMM 模型或 CCTV 缺陷表导入数据库，支持字段映射、预览和报告</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Export a table of the store (all rows, a filter or the selected features) to GeoPackage, Shapefile, GeoJSON, CSV or Excel</source>
        <translation>将数据库中的表（全部行、筛选结果或选中的要素）导出为 GeoPackage、Shapefile、GeoJSON、CSV 或 Excel</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Back up store…</source>
        <translation>备份数据库…</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Write a consistent, verifiable copy of the store to a .zip file</source>
        <translation>将数据库的一致、可校验的副本写入 .zip 文件</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Restore store…</source>
        <translation>恢复数据库…</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>Verify a backup and restore it to a store file (not the one open in the project)</source>
        <translation>校验备份并将其恢复到数据库文件（不能是工程中已打开的数据库）</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>One-click themes, district filter, bookmarks and a full-screen map for planning meetings</source>
        <translation>规划会议用：一键切换专题图、按城区筛选、书签和全屏地图</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>{tip} — not for your role {role}</source>
        <translation>{tip}——您的角色 {role} 不可用</translation>
    </message>
    <message>
        <location filename="../../plugin.py"/>
        <source>This project's store {file} is missing; its layers cannot be shown.</source>
        <translation>本工程的数据库 {file} 不存在，其图层无法显示。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_assess_network.py"/>
        <source>KINDS: none of {kinds} is graded by a standard</source>
        <translation>KINDS：{kinds} 均无评级标准</translation>
    </message>
    <message>
        <location filename="../../processing/alg_assess_network.py"/>
        <source>Health assessment</source>
        <translation>体检</translation>
    </message>
    <message>
        <location filename="../../processing/alg_assess_network.py"/>
        <source>Grades every facility of the chosen kinds by its national standard from its latest inspection data, writes the assessment history and updates each facility's grade, next inspection date and recommended action. Running it again on unchanged data changes nothing. The date defaults to today.</source>
        <translation>按国家标准，根据最近一次检测数据为所选类型的每个设施评级，写入体检历史，并更新其等级、下次检测日期和建议措施。数据未变时再次运行不会做任何更改。日期默认为今天。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_assess_network.py"/>
        <source>Assessment date (default: today)</source>
        <translation>体检日期（默认：今天）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_assess_network.py"/>
        <source>Counts (JSON)</source>
        <translation>计数（JSON）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_assess_network.py"/>
        <source>Facilities assessed</source>
        <translation>已体检设施数</translation>
    </message>
    <message>
        <location filename="../../processing/alg_assess_network.py"/>
        <source>Facilities changed</source>
        <translation>有变化设施数</translation>
    </message>
    <message>
        <location filename="../../processing/alg_assess_network.py"/>
        <source>Assessing {kinds} in {path} as of {date}…</source>
        <translation>正在体检 {path} 中的 {kinds}（截至 {date}）…</translation>
    </message>
    <message>
        <location filename="../../processing/alg_assess_network.py"/>
        <source>Skipped {n}: {reason}</source>
        <translation>跳过 {n} 个：{reason}</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>{name}: {value} is not a date and time (YYYY-MM-DD HH:MM)</source>
        <translation>{name}：{value} 不是日期时间（YYYY-MM-DD HH:MM）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>{table} {row}: {field} {problem}</source>
        <translation>{table} {row}：{field} {problem}</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>Dispatch cover cases</source>
        <translation>井盖案件派单</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>Dispatches every reported cover case to the maintenance units in rotation: the next case goes to the unit after the one that got the last case, skipping inactive units and units at their open-case limit. Cases no unit can take stay reported (queued) and are tried again next time. One transaction. NOW (default: now) is the dispatch time.</source>
        <translation>将所有已报告的井盖案件按轮派顺序派发给养护单位：下一件案件派给上一件案件所派单位的下一个单位，跳过已停用的单位和未结案件已达上限的单位。没有单位可接收的案件保持“已报告”状态（排队），下次派单时再试。在单个事务中完成。NOW（默认：现在）为派单时间。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>Dispatch time (default: now)</source>
        <translation>派单时间（默认：现在）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>Cases dispatched</source>
        <translation>已派单案件数</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>Cases queued</source>
        <translation>排队案件数</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>Result (JSON)</source>
        <translation>结果（JSON）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>{code} queued: {reason}</source>
        <translation>{code} 排队：{reason}</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>Dispatched {n} cases, {m} queued.</source>
        <translation>已派单 {n} 件，排队 {m} 件。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>Cover case statistics</source>
        <translation>井盖案件统计</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>One row per maintenance unit (in rotation order) and a last row for all units, for the cases reported from FROM to TO (both days included; empty: no bound): cases dispatched, open now, responded and fixed with mean and maximum hours from dispatch, overdue (open and past a time limit at NOW), late (a limit broken), on time, and the on-time rate = on time / (on time + late). The limits are the store's (default: respond within 2 h, fix within 24 h).</source>
        <translation>每个养护单位一行（按轮派顺序），最后一行为全部单位合计，统计 FROM 至 TO（含首尾两天；留空：不限）报告的案件：已派单数、当前未结数、已响应数和已修复数（含自派单起的平均和最长小时数）、逾期数（在 NOW 时刻未结且已超过时限）、超时数（超过任一时限）、及时数，以及及时率 = 及时 / (及时 + 超时)。时限取自数据库设置（默认：2 h 内响应，24 h 内修复）。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>Reported from (day)</source>
        <translation>报告日期从（日）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>Reported to (day, included)</source>
        <translation>报告日期至（日，含当天）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>Judge overdue at (default: now)</source>
        <translation>逾期判定时间（默认：现在）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>Statistics per unit</source>
        <translation>各单位统计</translation>
    </message>
    <message>
        <location filename="../../processing/base.py"/>
        <source>{name}: {value} is not a date (YYYY-MM-DD)</source>
        <translation>{name}：{value} 不是日期（YYYY-MM-DD）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>Cannot write the output table.</source>
        <translation>无法写入输出表。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_cases.py"/>
        <source>{n} cases over {k} units: {late} late, {overdue} overdue now.</source>
        <translation>{k} 个单位共 {n} 件案件：超时 {late} 件，当前逾期 {overdue} 件。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_copy_store.py"/>
        <source>Copy a store</source>
        <translation>复制数据库</translation>
    </message>
    <message>
        <location filename="../../processing/alg_copy_store.py"/>
        <source>Copies a whole store — every table, the audit log as it is — into a new GeoPackage file or into PostGIS, or from PostGIS into a GeoPackage (to work with a copy of the shared store elsewhere). The target must be new: a file that does not exist, a PostGIS schema that does not exist yet (it is created; the login must be a superuser or have CREATEROLE) or an existing empty PostGIS store of the same coordinate system. The copy is written in one transaction; afterwards every table of both stores is compared by checksum, and the algorithm fails (and removes the new store) when one differs. Type a PostGIS reference (service=…, connection=…, host=… dbname=… or postgresql://…, with schema=…) into 'PostGIS store' or the output box.</source>
        <translation>复制整个数据库——每张表，审计日志原样保留——到新的 GeoPackage 文件或 PostGIS，或从 PostGIS 复制到 GeoPackage（以便在别处使用共享数据库的副本）。目标必须是新的：不存在的文件、尚不存在的 PostGIS 模式（将自动创建；登录名须为超级用户或具有 CREATEROLE 权限），或相同坐标参照系的已有空 PostGIS 数据库。复制在一个事务中写入；之后逐表比较两个数据库的校验和，若有不同则算法失败（并删除新数据库）。请在“PostGIS 数据库”或输出框中输入 PostGIS 引用（service=…、connection=…、host=… dbname=… 或 postgresql://…，并带 schema=…）。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_copy_store.py"/>
        <source>Store to copy (GeoPackage file or PostGIS reference)</source>
        <translation>要复制的数据库（GeoPackage 文件或 PostGIS 引用）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_copy_store.py"/>
        <source>New store file</source>
        <translation>新数据库文件</translation>
    </message>
    <message>
        <location filename="../../processing/alg_copy_store.py"/>
        <source>PostGIS store (instead of a file): a new schema or an empty store</source>
        <translation>PostGIS 数据库（代替文件）：新模式或空数据库</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Rows per table (JSON)</source>
        <translation>各表行数（JSON）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_copy_store.py"/>
        <source>Rows copied</source>
        <translation>复制的行数</translation>
    </message>
    <message>
        <location filename="../../processing/alg_copy_store.py"/>
        <source>Every table's checksum equal</source>
        <translation>每张表的校验和均相等</translation>
    </message>
    <message>
        <location filename="../../processing/alg_create_store.py"/>
        <source>{ref} is not a PostGIS store reference (service=…, connection=…, host=… dbname=… or postgresql://…)</source>
        <translation>{ref} 不是 PostGIS 数据库引用（service=…、connection=…、host=… dbname=… 或 postgresql://…）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_copy_store.py"/>
        <source>Give a new store file or a PostGIS store to copy into.</source>
        <translation>请给出要复制到的新数据库文件或 PostGIS 数据库。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_copy_store.py"/>
        <source>{path}: a store file ends with .gpkg</source>
        <translation>{path}：数据库文件应以 .gpkg 结尾</translation>
    </message>
    <message>
        <location filename="../../processing/alg_copy_store.py"/>
        <source>The store cannot be copied onto itself.</source>
        <translation>不能将数据库复制到其自身。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_copy_store.py"/>
        <source>Copying {src} into {dst}…</source>
        <translation>正在将 {src} 复制到 {dst}…</translation>
    </message>
    <message>
        <location filename="../../processing/alg_copy_store.py"/>
        <source>Comparing the checksums of every table…</source>
        <translation>正在比较每张表的校验和…</translation>
    </message>
    <message>
        <location filename="../../processing/alg_copy_store.py"/>
        <source>Copy cancelled: nothing was written.</source>
        <translation>复制已取消：未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_copy_store.py"/>
        <source>The copy differs from the store in {tables}; it was removed.</source>
        <translation>副本与数据库在 {tables} 中不同；已将其删除。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_copy_store.py"/>
        <source>The copy differs from the store in {tables}.</source>
        <translation>副本与数据库在 {tables} 中不同。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_copy_store.py"/>
        <source>Copied {n} rows in {t} tables into {dst}; every table's checksum is equal.</source>
        <translation>已将 {t} 张表的 {n} 行复制到 {dst}；每张表的校验和均相等。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_create_store.py"/>
        <source>Creates an empty Safe Municipal store with every facility and record table, value list and constraint of the current schema version: a GeoPackage file (Store file), or a schema in a PostgreSQL/PostGIS database (PostGIS store: a QGIS connection name as connection=NAME, a pg_service as service=NAME, libpq keywords or a postgresql:// URL, with schema=… — default safe_municipal — and authcfg=… for credentials from the QGIS authentication manager). On PostGIS the login must be a superuser or have CREATEROLE; the roles sm_viewer, sm_inspector, sm_editor and sm_admin are created when missing. The CRS must be projected (CGCS2000 Gauss–Krüger zones are usual); the default is EPSG:4546.</source>
        <translation>创建一个空的平安市政数据库，包含当前模式版本的全部设施表、记录表、值列表和约束：GeoPackage 文件（数据库文件），或 PostgreSQL/PostGIS 数据库中的一个模式（PostGIS 数据库：QGIS 连接名写作 connection=名称，pg_service 写作 service=名称，libpq 关键字或 postgresql:// 网址，并带 schema=…——默认 safe_municipal——以及用于从 QGIS 身份验证管理器获取凭据的 authcfg=…）。在 PostGIS 上，登录名须为超级用户或具有 CREATEROLE 权限；角色 sm_viewer、sm_inspector、sm_editor 和 sm_admin 在缺失时创建。坐标参照系必须为投影坐标系（通常为 CGCS2000 高斯–克吕格分带）；默认 EPSG:4546。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_create_store.py"/>
        <source>PostGIS store (instead of a file)</source>
        <translation>PostGIS 数据库（代替文件）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_create_store.py"/>
        <source>Coordinate reference system</source>
        <translation>坐标参照系</translation>
    </message>
    <message>
        <location filename="../../processing/alg_create_store.py"/>
        <source>Overwrite an existing file</source>
        <translation>覆盖已有文件</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Schema version</source>
        <translation>结构版本</translation>
    </message>
    <message>
        <location filename="../../processing/alg_create_store.py"/>
        <source>Give a store file or a PostGIS store.</source>
        <translation>请给出数据库文件或 PostGIS 数据库。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_create_store.py"/>
        <source>The CRS {crs} has no EPSG code; choose an EPSG CRS such as EPSG:4546.</source>
        <translation>坐标参照系 {crs} 没有 EPSG 代码；请选择 EPSG 坐标系，例如 EPSG:4546。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_create_store.py"/>
        <source>The CRS {crs} is geographic; a store needs a projected CRS (metres).</source>
        <translation>坐标参照系 {crs} 是地理坐标系；数据库需要以米为单位的投影坐标系。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_create_store.py"/>
        <source>Created store {path} (schema version {v}, EPSG:{epsg}).</source>
        <translation>已创建数据库 {path}（结构版本 {v}，EPSG:{epsg}）。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Export a store table</source>
        <translation>导出数据库表</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Writes one table of the store — a facility layer, records, the maintenance plan — with every field to GeoPackage, Shapefile, GeoJSON, CSV or XLSX, as the output file's extension says. Codes stay codes, so the file imports back unchanged; with 'Value labels' the value lists' labels replace the codes, for reading and printing. Shapefiles are UTF-8 (with a .cpg) and use short field names of at most 10 characters; GeoJSON is RFC 7946 (EPSG:4326, 7 decimals); CSV (UTF-8 with BOM) and XLSX carry the geometry as WKT. FILTER is an SQL condition on the table's fields, e.g. district = '西陵区' AND built_year &lt; 1990; the planned works of a plan are status = 'planned' AND plan_ref = '&lt;plan name&gt;' on the maintenance table. The file appears whole or not at all.</source>
        <translation>将数据库中的一张表（设施图层、记录或养护计划）连同全部字段写入 GeoPackage、Shapefile、GeoJSON、CSV 或 XLSX 文件，格式由输出文件的扩展名决定。代码保持为代码，因此导出的文件可原样导回；选择“取值标签”（'Value labels'）时，以取值列表的标签替换代码，便于阅读和打印。Shapefile 采用 UTF-8 编码（附 .cpg 文件），字段名最多 10 个字符；GeoJSON 遵循 RFC 7946（EPSG:4326，7 位小数）；CSV（带 BOM 的 UTF-8）和 XLSX 以 WKT 表示几何。FILTER 是针对表字段的 SQL 条件，例如 district = '西陵区' AND built_year &lt; 1990；某一计划中的计划工程，在养护表上的条件为 status = 'planned' AND plan_ref = '&lt;plan name&gt;'。文件要么完整写出，要么完全不写出。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Filter (SQL condition on the table's fields)</source>
        <translation>筛选条件（基于该表字段的 SQL 条件）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Output file</source>
        <translation>输出文件</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>GeoPackage (*.gpkg);;ESRI Shapefile (*.shp);;GeoJSON (*.geojson);;CSV (*.csv);;Excel (*.xlsx)</source>
        <translation>GeoPackage (*.gpkg);;ESRI Shapefile (*.shp);;GeoJSON (*.geojson);;CSV (*.csv);;Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Value labels instead of codes (for printing)</source>
        <translation>输出取值标签而非代码（用于打印）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Output CRS (default: the store's; GeoJSON: EPSG:4326)</source>
        <translation>输出坐标参照系（默认：数据库的坐标参照系；GeoJSON：EPSG:4326）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Add the layer to an existing GeoPackage</source>
        <translation>将图层添加到已有的 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Files written (JSON)</source>
        <translation>已写入的文件（JSON）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Unknown table {table}; choose one of {tables}.</source>
        <translation>未知数据表 {table}；请从 {tables} 中选择。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Wrote {n} rows of {table} to {path}.</source>
        <translation>已将 {table} 的 {n} 行写入 {path}。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Output CRS: {crs} has no EPSG code; choose an EPSG CRS.</source>
        <translation>输出坐标参照系：{crs} 没有 EPSG 代码；请选择 EPSG 坐标系。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Back up a store</source>
        <translation>备份数据库</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Writes a consistent copy of the whole store into a .zip, also while QGIS has the store open (SQLite's online backup: one moment of the store, unsaved edits not included), with a manifest holding the schema version, the time, and every table's row count and checksum. Restore it with 'Restore a store', which checks all of them first. A PostGIS store is backed up the same way: one moment of the shared store copied into a GeoPackage store inside the zip, which restores as a GeoPackage or into an empty PostGIS store.</source>
        <translation>将整个数据库的一致副本写入 .zip，QGIS 打开该数据库时也可进行（SQLite 在线备份：数据库某一时刻的状态，不含未保存的编辑），并附清单，记录模式版本、时间以及每张表的行数和校验和。用“恢复数据库”恢复，恢复前会先检查上述全部内容。PostGIS 数据库以同样方式备份：共享数据库某一时刻的状态复制到 zip 内的 GeoPackage 数据库中，可恢复为 GeoPackage 或恢复到空的 PostGIS 数据库。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Backup file</source>
        <translation>备份文件</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Zip (*.zip)</source>
        <translation>Zip 压缩包 (*.zip)</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Backed up {n} rows (schema version {v}) to {path} ({size} bytes).</source>
        <translation>已将 {n} 行（结构版本 {v}）备份到 {path}（{size} 字节）。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Restore a store</source>
        <translation>恢复数据库</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Restores a backup written by 'Back up a store'. Every checksum of the backup is verified first; a damaged or changed backup is refused and nothing is written. A backup of an older schema version is upgraded, one of a newer version is refused. An existing store file is replaced only with 'Overwrite', and is first kept beside it as &lt;name&gt;.before-restore-&lt;time&gt;.gpkg. Close the store's project in QGIS before restoring over it. To restore into PostGIS, type a PostGIS store reference (service=…, connection=…, host=… dbname=…, with schema=…) as the store: a schema that does not exist yet is created, an existing one must be an empty store — a PostGIS store holding rows is never overwritten.</source>
        <translation>恢复由“备份数据库”写出的备份。先校验备份的每个校验和；损坏或被改动的备份将被拒绝，不写入任何内容。较旧模式版本的备份会被升级，较新版本的被拒绝。已有的数据库文件只有选择“覆盖”时才会被替换，且先在旁边保留为 &lt;名称&gt;.before-restore-&lt;时间&gt;.gpkg。恢复覆盖前请在 QGIS 中关闭该数据库的工程。要恢复到 PostGIS，请输入 PostGIS 数据库引用（service=…、connection=…、host=… dbname=…，并带 schema=…）作为数据库：尚不存在的模式将自动创建，已有的必须是空数据库——含有数据的 PostGIS 数据库从不被覆盖。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Store to restore to (a GeoPackage file or a PostGIS reference)</source>
        <translation>要恢复到的数据库（GeoPackage 文件或 PostGIS 引用）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Overwrite an existing store (a safety copy is kept)</source>
        <translation>覆盖已有数据库（保留一份安全副本）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Safety copy of the replaced store</source>
        <translation>被替换数据库的安全副本</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Upgraded the store from schema version {old} to {new}.</source>
        <translation>已将数据库从结构版本 {old} 升级到 {new}。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>The replaced store was kept as {path}.</source>
        <translation>被替换的数据库已保留为 {path}。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_export.py"/>
        <source>Restored {n} rows to {path}.</source>
        <translation>已将 {n} 行恢复到 {path}。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_generate_demo.py"/>
        <source>Demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <location filename="../../processing/alg_generate_demo.py"/>
        <source>Writes a Yichang-like demo city into a new store: the five city districts, the source document's named roads, tunnels and waterlogging points, a connected drainage network with manholes at every pipe end, and several years of inspections and maintenance works. The same scale and seed always give the same city. Scales: tiny and small for tests, medium, and city (over 100,000 pipe segments) for benchmarks.</source>
        <translation>将一座仿宜昌的演示城市写入新数据库：五个城区，来源文件中提到的道路、隧道和积水点，管端均设检查井的连通排水管网，以及数年的检测和养护记录。相同的规模和随机种子总是生成相同的城市。规模：tiny 和 small 用于测试，medium，以及 city（超过 10 万段管道）用于性能测试。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_generate_demo.py"/>
        <source>Drainage pipes written</source>
        <translation>已写入的排水管道</translation>
    </message>
    <message>
        <location filename="../../processing/alg_generate_demo.py"/>
        <source>Rows written per table (JSON)</source>
        <translation>各表写入行数（JSON）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_generate_demo.py"/>
        <source>Generating the {scale} demo city (seed {seed}) into {path}…</source>
        <translation>正在将 {scale} 规模的演示城市（随机种子 {seed}）生成到 {path}…</translation>
    </message>
    <message>
        <location filename="../../processing/alg_generate_demo.py"/>
        <source>Unknown scale {scale}; choose one of {scales}.</source>
        <translation>未知规模 {scale}；请从 {scales} 中选择。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import.py"/>
        <source>Import facilities from a file</source>
        <translation>从文件导入设施</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import.py"/>
        <source>Imports a surveyor's file (Shapefile, GeoJSON, GeoPackage, CSV with X/Y or WKT columns, DXF, FileGDB) into one facility table of the store. Fields are matched by name (名称/name, 管径/diameter, 材质/material, 道路等级/class …); FIELD_MAP completes or corrects the match as JSON, e.g. {"diameter_mm": "DN", "usage": "=雨水"} (= gives a constant; null drops a field; x, y or wkt name a CSV's geometry columns). Values are normalised (钢筋混凝土 → concrete, DN600 → 600). Coordinates are transformed to the store's CRS; a file without a CRS needs SOURCE_CRS. A shapefile without .cpg has its encoding (UTF-8 or GBK/GB18030) detected; ENCODING overrides. Every row is validated first (geometry type and validity, required fields, value lists and ranges, duplicate codes, encoding) and the good rows are written in one transaction; STRICT writes nothing if any row is refused. The report lists every refused row with its reason.</source>
        <translation>将测量人员提交的文件（Shapefile、GeoJSON、GeoPackage、含 X/Y 或 WKT 列的 CSV、DXF、FileGDB）导入数据库的某一设施表。字段按名称匹配（名称/name、管径/diameter、材质/material、道路等级/class …）；FIELD_MAP 以 JSON 形式补充或更正匹配结果，例如 {"diameter_mm": "DN", "usage": "=雨水"}（= 表示常量；null 表示舍弃该字段；x、y 或 wkt 指定 CSV 的几何列）。取值会被规范化（钢筋混凝土 → concrete，DN600 → 600）。坐标会转换到数据库的坐标参照系；没有坐标参照系的文件需指定 SOURCE_CRS。没有 .cpg 的 Shapefile 会自动检测编码（UTF-8 或 GBK/GB18030）；可用 ENCODING 指定编码。先逐行校验（几何类型和有效性、必填字段、取值列表和范围、重复编号、编码），再在单个事务中写入合格的行；启用 STRICT 时，只要有任一行被拒绝，就不写入任何内容。报告列出每个被拒绝的行及其原因。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import.py"/>
        <source>File to import</source>
        <translation>要导入的文件</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import.py"/>
        <source>Vector files (*.shp *.geojson *.json *.gpkg *.csv *.txt *.dxf *.fgb *.gdb);;All files (*)</source>
        <translation>矢量文件 (*.shp *.geojson *.json *.gpkg *.csv *.txt *.dxf *.fgb *.gdb);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import.py"/>
        <source>Field map (JSON, completes the guess)</source>
        <translation>字段映射（JSON，补充自动匹配结果）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import.py"/>
        <source>CRS of the file when it has none</source>
        <translation>文件未定义坐标参照系时使用的坐标参照系</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import.py"/>
        <source>Repair invalid geometries</source>
        <translation>修复无效几何</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import.py"/>
        <source>Text encoding (e.g. GBK, UTF-8; default: .cpg or detected)</source>
        <translation>文本编码（如 GBK、UTF-8；默认：按 .cpg 或自动检测）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import.py"/>
        <source>Layer (a file of several layers)</source>
        <translation>图层（用于含多个图层的文件）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_cctv.py"/>
        <source>Rows read</source>
        <translation>读取行数</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import.py"/>
        <source>Rows unchanged</source>
        <translation>未变行数</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import.py"/>
        <source>Store changed (1) or not (0)</source>
        <translation>数据库是否已更改（1 是，0 否）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import.py"/>
        <source>Importing {path} into {kind}…</source>
        <translation>正在将 {path} 导入到{kind}…</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import.py"/>
        <source>Field map: {map}</source>
        <translation>字段映射：{map}</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import.py"/>
        <source>Encoding: {enc}; CRS: {crs}</source>
        <translation>编码：{enc}；坐标参照系：{crs}</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_cctv.py"/>
        <source>Import CCTV defect sheet</source>
        <translation>导入 CCTV 缺陷表</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_cctv.py"/>
        <source>Imports the results of CCTV pipe surveys by CJJ 181-2012 from a defect sheet (CSV in UTF-8 or GBK, or an XLSX sheet): one row per defect — pipe code (管段编号) or start and end manholes (起点井, 终点井), date (检测日期), defect code or name (缺陷代码/缺陷名称, e.g. PL or 破裂), grade (等级: 1–4, Ⅰ–Ⅳ, 一级–四级), distance from the start manhole (距离, e.g. 12.5 or 12.5~13.0) and optionally the clock position (环向位置), inspector (检测人) and remarks (备注); a row without a defect (无缺陷) records a clean pipe. The rows of one pipe and date become one CCTV inspection with its defects. A pipe is found by its code, else by its manholes; a pipe surveyed against the flow (manholes the other way round) matches too and its distances are turned round. Rows that do not match a pipe, or have a bad value, are refused and listed with their row and column; an inspection with a refused row is not imported at all. MODE update replaces the defects of a CCTV inspection of the same pipe and date; STRICT writes nothing when any row is refused. ASSESS grades the drain pipes by CJJ 181 afterwards.</source>
        <translation>按 CJJ 181-2012 从缺陷表（UTF-8 或 GBK 编码的 CSV，或 XLSX 工作表）导入 CCTV 管道检测结果：每个缺陷一行，包括“管段编号”或“起点井”“终点井”、“检测日期”、“缺陷代码”或“缺陷名称”（如 PL 或 破裂）、“等级”（1–4、Ⅰ–Ⅳ、一级–四级）、“距离”（距起点井的距离，如 12.5 或 12.5~13.0），以及可选的“环向位置”“检测人”“备注”；标为“无缺陷”的行表示该管道无缺陷。同一管道、同一日期的各行合并为一条 CCTV 检测记录及其缺陷。管道先按编号查找，找不到时按检查井查找；逆流方向检测的管道（起终点井颠倒）同样能匹配，其距离会反向换算。无法匹配管道或含有错误值的行将被拒绝，并列出其行号和列名；含有被拒绝行的检测记录整条不导入。MODE 为 update 时，替换同一管道、同一日期的 CCTV 检测记录的缺陷；启用 STRICT 时，只要有任一行被拒绝，就不写入任何内容。ASSESS 在导入后按 CJJ 181 对排水管道评级。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_cctv.py"/>
        <source>CCTV defect sheet (.csv, .xlsx)</source>
        <translation>CCTV 缺陷表（.csv、.xlsx）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_cctv.py"/>
        <source>Defect sheets (*.csv *.xlsx)</source>
        <translation>缺陷表 (*.csv *.xlsx)</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_cctv.py"/>
        <source>Sheet (XLSX; empty: the first)</source>
        <translation>工作表（XLSX；留空：第一个工作表）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_cctv.py"/>
        <source>Inspections written</source>
        <translation>已写入的检测记录</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_cctv.py"/>
        <source>Defects written</source>
        <translation>已写入的缺陷</translation>
    </message>
    <message>
        <location filename="../../processing/import_base.py"/>
        <source>Rows refused</source>
        <translation>拒绝行数</translation>
    </message>
    <message>
        <location filename="../../processing/import_base.py"/>
        <source>Summary (JSON)</source>
        <translation>摘要（JSON）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_swmm.py"/>
        <source>Reading {path}…</source>
        <translation>正在读取 {path}…</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_cctv.py"/>
        <source>CJJ 181 grades of the imported pipes: {grades}</source>
        <translation>所导入管道的 CJJ 181 等级：{grades}</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_cctv.py"/>
        <source>Row {row}, column {field}: {reason}</source>
        <translation>第 {row} 行，{field} 列：{reason}</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_osm.py"/>
        <source>Import OpenStreetMap</source>
        <translation>导入 OpenStreetMap</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_osm.py"/>
        <source>Imports roads (highway=*, classed by CJJ 37: motorway/trunk expressway, primary arterial, secondary secondary, tertiary/unclassified/residential/living_street branch, service/pedestrian lane), bridges (bridge=*), tunnels (tunnel=*) and drains (tunnel=culvert, waterway=drain/ditch) from an OpenStreetMap .osm or .osm.pbf file into the store, transformed to the store's CRS. A bridge or tunnel on a road is imported as the structure and as a road segment it carries. Codes are OSM-W&lt;way id&gt;: run again with MODE update to refresh an earlier import. Footways, tracks, railways and streams are skipped. The data stays under the ODbL: © OpenStreetMap contributors.</source>
        <translation>将 OpenStreetMap 的 .osm 或 .osm.pbf 文件中的道路（highway=*，按 CJJ 37 分级：motorway/trunk 为快速路，primary 为主干路，secondary 为次干路，tertiary/unclassified/residential/living_street 为支路，service/pedestrian 为街坊路）、桥梁（bridge=*）、隧道（tunnel=*）和排水管渠（tunnel=culvert、waterway=drain/ditch）导入数据库，并转换到数据库的坐标参照系。道路上的桥梁或隧道既作为构筑物导入，也作为其承载的路段导入。编号为 OSM-W&lt;way id&gt;：以 MODE update 再次运行可更新之前导入的数据。人行步道、土路、铁路和溪流将跳过。数据仍受 ODbL 许可约束：© OpenStreetMap contributors。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_osm.py"/>
        <source>OpenStreetMap file (.osm, .osm.pbf)</source>
        <translation>OpenStreetMap 文件（.osm、.osm.pbf）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_osm.py"/>
        <source>Only within this extent</source>
        <translation>仅导入此范围内的数据</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_osm.py"/>
        <source>District of every row</source>
        <translation>所有行的所属城区</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_osm.py"/>
        <source>Ways read</source>
        <translation>读取的 way 数</translation>
    </message>
    <message>
        <location filename="../../processing/import_base.py"/>
        <source>{name}: {values} is not one of {allowed}</source>
        <translation>{name}：{values} 不在可选值 {allowed} 之中</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_osm.py"/>
        <source>{row} {table}: {field} {reason}</source>
        <translation>{row} {table}：{field} {reason}</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_swmm.py"/>
        <source>Import EPA SWMM model</source>
        <translation>导入 EPA SWMM 模型</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_swmm.py"/>
        <source>Imports an EPA SWMM 5 model (.inp) into the store: junctions and flow dividers become manholes (depth = the node's full depth), conduits drain pipes (diameter from [XSECTIONS], the hydraulic diameter 4A/P for other shapes; length; invert depths below the rim from the offsets; geometry from [COORDINATES] and [VERTICES]), storage units storage facilities (capacity = volume at full depth; polygon from [Polygons], else a square of the surface area) and outfalls outfalls. Lengths in feet (CFS, GPM, MGD models) are converted to metres. A SWMM file has no coordinate reference system: give SOURCE_CRS, the CRS its coordinates are in; they are transformed to the store's CRS. Pumps, orifices, weirs, outlets and subcatchments are counted, not imported. Codes are the SWMM names: run again with MODE update to refresh an earlier import.</source>
        <translation>将 EPA SWMM 5 模型（.inp）导入数据库：节点（junction）和分流节点（flow divider）转为检查井（井深 = 节点的最大深度），管渠（conduit）转为排水管道（管径取自 [XSECTIONS]，其他断面形状取水力直径 4A/P；长度；由偏移量得出井口以下的管底埋深；几何取自 [COORDINATES] 和 [VERTICES]），蓄水单元（storage unit）转为调蓄设施（容量 = 满深时的容积；面取自 [Polygons]，否则按表面积生成正方形），排放口（outfall）转为排放口。以英尺为单位的长度（CFS、GPM、MGD 模型）换算为米。SWMM 文件不含坐标参照系：请用 SOURCE_CRS 指定其坐标所用的坐标参照系；坐标会转换到数据库的坐标参照系。水泵、孔口、堰、出水口和子汇水区只计数，不导入。编号采用 SWMM 名称：以 MODE update 再次运行可更新之前导入的数据。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_swmm.py"/>
        <source>SWMM input file (.inp)</source>
        <translation>SWMM 输入文件（.inp）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_swmm.py"/>
        <source>CRS of the model's coordinates (required)</source>
        <translation>模型坐标所用的坐标参照系（必填）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_swmm.py"/>
        <source>Usage of the network</source>
        <translation>管网用途</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_swmm.py"/>
        <source>SWMM objects read</source>
        <translation>读取的 SWMM 对象数</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_swmm.py"/>
        <source>Nothing was written.</source>
        <translation>未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_import_swmm.py"/>
        <source>line {row} {table}: {field} {reason}</source>
        <translation>第 {row} 行 {table}：{field} {reason}</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>Planning</source>
        <translation>计划编制</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>Lists every facility with due work in the period — a grade that needs more than preventive care, an inspection due or overdue, an open waterlogging plan, a non-compliant manhole cover — ranked by urgency (grade severity × importance × days overdue; the weights are the store's setting planning.weights), with its category, due date, estimated cost from the unit-cost table and responsible unit. With a budget, the items are taken in rank order until it runs out; the rest are marked beyond budget. The output has one point per item at the facility. With “Accept”, the items within the budget become planned maintenance records in one transaction; items already planned (an open planned or in-progress record for the same facility, category and reason) are not written again. The period defaults to one year from today.</source>
        <translation>列出时段内所有有到期工作的设施——等级所需养护超出预防性养护、检测到期或逾期、积水点整治方案未完成、井盖不合规——按紧急程度排序（等级严重程度 × 重要性 × 逾期天数；权重取自数据库设置 planning.weights），并给出养护类别、完成期限、按单价表估算的费用和责任单位。设定预算时，按排名顺序依次计入，直至预算用完；其余项目标记为超出预算。输出在每个项目的设施处生成一个点。勾选“纳入计划”时，预算内的项目在单个事务中写入为计划养护记录；已列入计划的项目（同一设施、类别和原因已有计划中或进行中的记录）不会重复写入。时段默认为自今天起一年。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>From (default: today)</source>
        <translation>起始日期（默认：今天）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>To (default: one year after the start)</source>
        <translation>截止日期（默认：起始日期后一年）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>Budget (yuan; empty: no budget)</source>
        <translation>预算（元；留空：不限预算）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>District (empty: all)</source>
        <translation>城区（留空：全部）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>Categories</source>
        <translation>养护类别</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>Accept: write the items within the budget as planned maintenance</source>
        <translation>纳入计划：将预算内的项目写入为计划养护</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>Plan name (default: the period, e.g. 2026-01-01/2026-12-31)</source>
        <translation>计划名称（默认：时段，例如 2026-01-01/2026-12-31）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>Items</source>
        <translation>项目数</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>Items within budget</source>
        <translation>预算内项目数</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>Estimated cost of all items (yuan)</source>
        <translation>全部项目估算费用（元）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>Planned records written</source>
        <translation>已写入计划记录数</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>TO: {end} is before FROM {start}</source>
        <translation>TO：{end} 早于 FROM {start}</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>Planning {path} from {start} to {end}…</source>
        <translation>正在编制 {path} 的养护计划（{start} 至 {end}）…</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>DISTRICT: no facility of the store lies in “{district}” (districts: {known})</source>
        <translation>DISTRICT：数据库中没有位于“{district}”的设施（现有城区：{known}）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>Writing the planned maintenance records of plan {ref}…</source>
        <translation>正在写入计划 {ref} 的计划养护记录…</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>Cannot create the output layer.</source>
        <translation>无法创建输出图层。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_maintenance_plan.py"/>
        <source>{n} items, {m} within the budget; estimated cost {total} yuan ({within} yuan within the budget).</source>
        <translation>共 {n} 项，预算内 {m} 项；估算费用 {total} 元（预算内 {within} 元）。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_overview.py"/>
        <source>Writes a thematic overview map of the store (A3 landscape, PDF or PNG by the file's extension): facility grades, work due in the year, waterlogging points by the state of their plan, pipe cleaning progress or cover replacement progress, with legend, scale bar, north arrow, a statistics table by district, the date and the office's name. With a district the map and the table are limited to it. The year defaults to the store's newest programme year.</source>
        <translation>输出数据库的专题总览图（A3 横向，按文件扩展名输出 PDF 或 PNG）：设施等级、本年度到期工作、按整治方案状态区分的积水点、管网清疏进度或井盖更换进度，并附图例、比例尺、指北针、各区县统计表、日期和单位名称。指定城区时，地图和统计表仅限该城区。年度默认为数据库中最新的专项计划年度。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_overview.py"/>
        <source>Theme</source>
        <translation>专题</translation>
    </message>
    <message>
        <location filename="../../processing/alg_overview.py"/>
        <source>District (default: the whole city)</source>
        <translation>城区（默认：全市）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_overview.py"/>
        <source>Year (default: the newest programme year)</source>
        <translation>年度（默认：最新的专项计划年度）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_overview.py"/>
        <source>Overview map</source>
        <translation>总览图</translation>
    </message>
    <message>
        <location filename="../../processing/alg_overview.py"/>
        <source>PDF files (*.pdf);;PNG images (*.png)</source>
        <translation>PDF 文件 (*.pdf);;PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location filename="../../processing/alg_overview.py"/>
        <source>OUTPUT: {file} is neither a .pdf nor a .png file</source>
        <translation>OUTPUT：{file} 既不是 .pdf 文件，也不是 .png 文件</translation>
    </message>
    <message>
        <location filename="../../processing/alg_overview.py"/>
        <source>Exporting the {theme} overview of {path} to {file}…</source>
        <translation>正在将 {path} 的 {theme} 总览图导出到 {file}…</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>{table}, row {row}: {field} {problem}</source>
        <translation>{table}，第 {row} 行：{field} {problem}</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>{table}: {field} {problem}</source>
        <translation>{table}：{field} {problem}</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Programme progress by district</source>
        <translation>专项计划分区进度</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>The progress of the programme of the chosen kind and year, by district and county, with the total last: for pipe cleaning the km cleaned against the target, what is still to clean and how many pipes are overdue; for the cover programmes the covers replaced against the target, the anti-settlement covers and the date the target was met. Work counts for a programme when it is linked to it, or unlinked and dated within its start and deadline.</source>
        <translation>按区县列出所选类型和年度专项计划的进度，最后一行为合计：管网清疏为已清疏公里数与目标对比、待清疏量及逾期管道数；井盖类专项计划为已更换井盖数与目标对比、防沉降井盖数及目标完成日期。工作关联到专项计划时计入该专项计划；未关联的工作，日期在专项计划开始日期至截止日期之间的也计入。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Progress by district</source>
        <translation>分区进度</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Done (km or covers)</source>
        <translation>完成量（km 或个）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <location filename="../../core/programmes.py"/>
        <source>Done (%)</source>
        <translation>完成率（%）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <location filename="../../core/programmes.py"/>
        <source>Target met on</source>
        <translation>目标完成日期</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>There is no {programme} programme for {year} in the store.</source>
        <translation>数据库中没有 {year} 年度的{programme}专项计划。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Cannot create the output table.</source>
        <translation>无法创建输出表。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>{title}: {done} of {target} ({percent} %).</source>
        <translation>{title}：完成 {done} / {target}（{percent} %）。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>District statistics</source>
        <translation>区县统计</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>The year's figures by district and county for the city's management evaluation: every programme of the year (target, done, %), rain inlets added in the year, waterlogging points, points with a plan, plans overdue and adjustable storage, with the total last. Written as CSV (UTF-8 with a byte-order mark, so Excel shows the Chinese) or XLSX.</source>
        <translation>按区县汇总全年数据，用于城市管理考评：本年度各专项计划（目标、完成量、%）、本年新增雨水口、积水点、已制定整治方案的积水点、逾期方案和可调蓄容量，最后一行为合计。输出为 CSV（带字节顺序标记的 UTF-8，以便 Excel 正确显示中文）或 XLSX。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Statistics file</source>
        <translation>统计文件</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Rows (districts and total)</source>
        <translation>行数（区县及合计）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Wrote {title} ({n} rows) to {path}.</source>
        <translation>已将 {title}（{n} 行）写入 {path}。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Record cleaned pipes</source>
        <translation>记录已清疏管道</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Records the pipes of the input layer (tick “Selected features only” for the selection) as cleaned on the date, for the pipe-cleaning programme given by its year or uid: one done cleaning record per pipe, all in one transaction. Pipes already cleaned for the programme are skipped; an unknown pipe, a date in the future or before the programme starts writes nothing.</source>
        <translation>将输入图层中的管道（仅处理所选要素时请勾选“仅选中的要素”）记录为在指定日期完成清疏，计入按年度或 uid 指定的管网清疏专项计划：每段管道写入一条已完成的清疏记录，全部在单个事务中完成。已在该专项计划中清疏的管道将跳过；如有未知管道，或日期晚于今天或早于专项计划开始日期，则不写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Programme (year or uid)</source>
        <translation>专项计划（年度或 uid）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Cleaned pipes</source>
        <translation>已清疏管道</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Cleaned on (default: today)</source>
        <translation>清疏日期（默认：今天）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Pipes recorded</source>
        <translation>已记录管道数</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Pipes skipped (cleaned already)</source>
        <translation>跳过管道数（已清疏）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Programme uid</source>
        <translation>专项计划 uid</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>The input layer cannot be read.</source>
        <translation>无法读取输入图层。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>The input layer has no uid field: use the store's drainage pipe layer.</source>
        <translation>输入图层没有 uid 字段：请使用数据库的排水管道图层。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Cancelled; nothing was written.</source>
        <translation>已取消，未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_programmes.py"/>
        <source>Recorded {n} pipes as cleaned on {date}; {m} skipped (cleaned already).</source>
        <translation>已记录 {n} 段管道于 {date} 完成清疏；跳过 {m} 段（已清疏）。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_reports.py"/>
        <source>Export health books (PDF)</source>
        <translation>导出健康状况书（PDF）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_reports.py"/>
        <source>Prints the lifecycle health book of every facility of a kind that matches the filter expression (all when empty): one A4 page each with the location map, attributes, current grade, action and next due date, grade history chart, latest inspections and maintenance works and photos. OUTPUT is a PDF file (all pages in one file) or a folder; without 'One file' every facility gets its own PDF named by its code, in the OUTPUT folder.</source>
        <translation>为所选类别中符合筛选表达式的每个设施（留空则为全部设施）打印全生命周期健康状况书：每个设施一页 A4，包括位置图、属性、当前等级、建议措施和下次检测日期、等级历史图表、最近的检测记录和养护工程以及照片。OUTPUT 为 PDF 文件（所有页面合为一个文件）或文件夹；不勾选“单个文件”时，每个设施各生成一个以其编号命名的 PDF，保存在 OUTPUT 文件夹中。</translation>
    </message>
    <message>
        <location filename="../../processing/alg_reports.py"/>
        <source>Filter expression (default: every facility of the kind)</source>
        <translation>筛选表达式（默认：该类别的全部设施）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_reports.py"/>
        <source>Output PDF file or folder</source>
        <translation>输出 PDF 文件或文件夹</translation>
    </message>
    <message>
        <location filename="../../processing/alg_reports.py"/>
        <source>One file (else one PDF per facility)</source>
        <translation>单个文件（否则每个设施一个 PDF）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_reports.py"/>
        <source>PDF files (JSON list)</source>
        <translation>PDF 文件（JSON 列表）</translation>
    </message>
    <message>
        <location filename="../../processing/alg_reports.py"/>
        <source>Health books</source>
        <translation>健康状况书份数</translation>
    </message>
    <message>
        <location filename="../../processing/alg_reports.py"/>
        <source>OUTPUT: give a PDF file or a folder</source>
        <translation>OUTPUT：请指定 PDF 文件或文件夹</translation>
    </message>
    <message>
        <location filename="../../processing/alg_reports.py"/>
        <source>Health books of {kind} in {path}…</source>
        <translation>正在生成 {path} 中 {kind} 的健康状况书…</translation>
    </message>
    <message>
        <location filename="../../processing/alg_reports.py"/>
        <source>{n} health books</source>
        <translation>{n} 份健康状况书</translation>
    </message>
    <message>
        <location filename="../../processing/alg_reports.py"/>
        <source>Wrote {path}</source>
        <translation>已写入 {path}</translation>
    </message>
    <message>
        <location filename="../../processing/base.py"/>
        <source>Store</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../processing/base.py"/>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../../processing/base.py"/>
        <source>Store (GeoPackage file or PostGIS reference)</source>
        <translation>数据库（GeoPackage 文件或 PostGIS 引用）</translation>
    </message>
    <message>
        <location filename="../../processing/base.py"/>
        <source>A GeoPackage store file, or a PostGIS store: service=NAME, connection=QGIS CONNECTION, host=… dbname=… or a postgresql:// URL, with schema=… and authcfg=… when needed</source>
        <translation>GeoPackage 数据库文件，或 PostGIS 数据库：service=名称、connection=QGIS 连接、host=… dbname=… 或 postgresql:// 网址，必要时带 schema=… 和 authcfg=…</translation>
    </message>
    <message>
        <location filename="../../processing/import_base.py"/>
        <source>Import and export</source>
        <translation>导入与导出</translation>
    </message>
    <message>
        <location filename="../../processing/import_base.py"/>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../../processing/import_base.py"/>
        <source>Import report</source>
        <translation>导入报告</translation>
    </message>
    <message>
        <location filename="../../processing/import_base.py"/>
        <source>Rows inserted</source>
        <translation>新增行数</translation>
    </message>
    <message>
        <location filename="../../processing/import_base.py"/>
        <source>Rows updated</source>
        <translation>更新行数</translation>
    </message>
    <message>
        <location filename="../../processing/import_base.py"/>
        <source>{name}: the report file ends with .csv or .json ({path})</source>
        <translation>{name}：报告文件的扩展名应为 .csv 或 .json（{path}）</translation>
    </message>
    <message>
        <location filename="../../processing/import_base.py"/>
        <source>row {row}: {field} {reason}</source>
        <translation>第 {row} 行：{field} {reason}</translation>
    </message>
    <message>
        <location filename="../../processing/import_base.py"/>
        <source>… and {n} more refused rows (see the report).</source>
        <translation>… 另有 {n} 行被拒绝（详见报告）。</translation>
    </message>
    <message>
        <location filename="../../processing/import_base.py"/>
        <source>Report written to {path}</source>
        <translation>报告已写入 {path}</translation>
    </message>
    <message>
        <location filename="../../reports/chart.py"/>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>Grade history</source>
        <translation>等级历史</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Cannot write {path}</source>
        <translation>无法写入 {path}</translation>
    </message>
    <message>
        <location filename="../../reports/health_book.py"/>
        <source>This facility</source>
        <translation>本设施</translation>
    </message>
    <message>
        <location filename="../../reports/health_book.py"/>
        <source>{kind} is not a kind of facility</source>
        <translation>{kind} 不是设施类别</translation>
    </message>
    <message>
        <location filename="../../reports/health_book.py"/>
        <source>The filter is no valid expression: {error}</source>
        <translation>筛选条件不是有效的表达式：{error}</translation>
    </message>
    <message>
        <location filename="../../reports/health_book.py"/>
        <source>No {kind} matches the filter</source>
        <translation>没有符合筛选条件的{kind}</translation>
    </message>
    <message>
        <location filename="../../reports/health_book.py"/>
        <source>Health book facilities</source>
        <translation>健康状况书设施</translation>
    </message>
    <message>
        <location filename="../../reports/health_book.py"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../reports/health_book.py"/>
        <source>Exporting {path} failed: {error}</source>
        <translation>导出 {path} 失败：{error}</translation>
    </message>
    <message>
        <location filename="../../reports/health_book.py"/>
        <source>No {kind} with uid {uid}</source>
        <translation>没有 uid 为 {uid} 的{kind}</translation>
    </message>
    <message>
        <location filename="../../reports/health_book.py"/>
        <source>Health book</source>
        <translation>健康状况书</translation>
    </message>
    <message>
        <location filename="../../reports/health_book.py"/>
        <source>Save the health book</source>
        <translation>保存健康状况书</translation>
    </message>
    <message>
        <location filename="../../reports/health_book.py"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../reports/health_book.py"/>
        <source>The health book was not made: {error}</source>
        <translation>未能生成健康状况书：{error}</translation>
    </message>
    <message>
        <location filename="../../reports/health_book.py"/>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Cannot read {path}</source>
        <translation>无法读取 {path}</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Current grade by {standard}</source>
        <translation>当前等级（依据 {standard}）</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Recommended action: {action}</source>
        <translation>建议措施：{action}</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Category: {category}</source>
        <translation>养护类别：{category}</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Next inspection due: {date} (overdue)</source>
        <translation>下次检测日期：{date}（已逾期）</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Next inspection due: {date}</source>
        <translation>下次检测日期：{date}</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Last inspected: {date}</source>
        <translation>最近检测日期：{date}</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>{kind}: {name}</source>
        <translation>{kind}：{name}</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Lifecycle health book (全生命周期健康状况书)</source>
        <translation>全生命周期健康状况书</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Code {code}</source>
        <translation>编号 {code}</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Health records (latest {shown} of {total})</source>
        <translation>健康档案（最近 {shown} 条，共 {total} 条）</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Health records: none recorded</source>
        <translation>健康档案：无记录</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Maintenance works (latest {shown} of {total})</source>
        <translation>养护工程（最近 {shown} 项，共 {total} 项）</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Maintenance works: none recorded</source>
        <translation>养护工程：无记录</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Safe Municipal (平安市政) · printed {date}</source>
        <translation>平安市政 · 打印于 {date}</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Photos ({n})</source>
        <translation>照片（{n}）</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Photos: none attached</source>
        <translation>照片：无</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_template.py"/>
        <source>{path} is no layout template</source>
        <translation>{path} 不是布局模板</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_template.py"/>
        <source>The layout template {path} lacks the items {ids}</source>
        <translation>布局模板 {path} 缺少布局项 {ids}</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <source>No district</source>
        <translation>未分区</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <source>Grades by district</source>
        <translation>各区县设施等级</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <source>Total due</source>
        <translation>到期合计</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <source>Facilities</source>
        <translation>设施数</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <source>Work due in {year} by district</source>
        <translation>{year} 年各区县到期工作</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <location filename="../../core/programmes.py"/>
        <source>Waterlogging points</source>
        <translation>积水点</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <source>Waterlogging points by district</source>
        <translation>各区县积水点</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <source>No programme for {year} in the store</source>
        <translation>数据库中没有 {year} 年度的专项计划</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <source>{theme} {year}</source>
        <translation>{year} 年{theme}</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <source>{title} · {district}</source>
        <translation>{title} · {district}</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <source>District: {district}</source>
        <translation>城区：{district}</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <source>{office} · {date}</source>
        <translation>{office} · {date}</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <source>Could not write {file}: {error}</source>
        <translation>无法写入 {file}：{error}</translation>
    </message>
    <message>
        <location filename="../../reports/overview.py"/>
        <source>THEME: {theme} is none of {themes}</source>
        <translation>THEME：{theme} 不在可选值 {themes} 之中</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Target (km)</source>
        <translation>目标（km）</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Cleaned (km)</source>
        <translation>已清疏（km）</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Still to clean (km)</source>
        <translation>待清疏（km）</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Pipes cleaned</source>
        <translation>已清疏管道数</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Network (km)</source>
        <translation>管网长度（km）</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Pipes overdue</source>
        <translation>逾期管道数</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Target (covers)</source>
        <translation>目标（个）</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Replaced</source>
        <translation>已更换</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Anti-settlement</source>
        <translation>防沉降</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Rain inlets added</source>
        <translation>新增雨水口</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Storage facilities</source>
        <translation>调蓄设施</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Adjustable capacity (m³)</source>
        <translation>可调蓄容积（m³）</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>With a pre-lowering level</source>
        <translation>设有预降水位</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Cleaning target (km)</source>
        <translation>清疏目标（km）</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Cleaning done (%)</source>
        <translation>清疏完成率（%）</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>New covers and grates: target</source>
        <translation>新型井盖雨篦：目标</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>New covers and grates: replaced</source>
        <translation>新型井盖雨篦：已更换</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>New covers and grates: done (%)</source>
        <translation>新型井盖雨篦：完成率（%）</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Anti-settlement covers: target</source>
        <translation>防沉降井盖：目标</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Anti-settlement covers: replaced</source>
        <translation>防沉降井盖：已更换</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Anti-settlement covers: done (%)</source>
        <translation>防沉降井盖：完成率（%）</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Points with a plan</source>
        <translation>已制定方案的积水点</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Adjustable storage (m³)</source>
        <translation>可调蓄容量（m³）</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>{programme} {year}: by district</source>
        <translation>{programme}（{year}）：按区县统计</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Programmes {year}: by district</source>
        <translation>{year} 年度专项计划：按区县统计</translation>
    </message>
    <message>
        <location filename="../../core/programmes.py"/>
        <source>Adjustable storage by district</source>
        <translation>各区县可调蓄容量</translation>
    </message>
    <message>
        <location filename="../../reports/health_book_data.py"/>
        <source>Non-compliant</source>
        <translation>不合规</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/detail_editor.py"/>
        <source>structural</source>
        <translation>结构性</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/detail_editor.py"/>
        <source>functional</source>
        <translation>功能性</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/detail_editor.py"/>
        <source>override</source>
        <translation>强制等级</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/detail_editor.py"/>
        <source>event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>Identity and attributes</source>
        <translation>基本信息与属性</translation>
    </message>
    <message>
        <location filename="../../layers/forms.py"/>
        <source>Health records</source>
        <translation>健康档案</translation>
    </message>
    <message>
        <location filename="../../layers/forms.py"/>
        <source>Maintenance</source>
        <translation>养护</translation>
    </message>
    <message>
        <location filename="../../layers/forms.py"/>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>Connections</source>
        <translation>关联设施</translation>
    </message>
    <message>
        <location filename="../../layers/forms.py"/>
        <source>Change history</source>
        <translation>变更历史</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/dock.py"/>
        <source>Waterlogging events</source>
        <translation>积水事件</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/logic.py"/>
        <source>Upstream manhole</source>
        <translation>上游检查井</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/logic.py"/>
        <source>Downstream manhole</source>
        <translation>下游检查井</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/logic.py"/>
        <source>Pipes leaving this manhole</source>
        <translation>从本井流出的管段</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/logic.py"/>
        <source>Pipes entering this manhole</source>
        <translation>流入本井的管段</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/logic.py"/>
        <source>Rain inlets draining here</source>
        <translation>接入本井的雨水口</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/logic.py"/>
        <source>Connected manhole</source>
        <translation>连接的检查井</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/logic.py"/>
        <source>Road</source>
        <translation>所在道路</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/logic.py"/>
        <source>Bridges on this road</source>
        <translation>本道路上的桥梁</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/logic.py"/>
        <source>Tunnels on this road</source>
        <translation>本道路上的隧道</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/logic.py"/>
        <source>Waterlogging points on this road</source>
        <translation>本道路上的积水点</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/logic.py"/>
        <source>Waterlogging points near this road</source>
        <translation>本道路附近的积水点</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/panels.py"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/record_editor.py"/>
        <source>Health record</source>
        <translation>健康记录</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/record_editor.py"/>
        <source>Maintenance work</source>
        <translation>养护工程</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/record_editor.py"/>
        <source>Waterlogging event</source>
        <translation>积水事件</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Reported</source>
        <translation>报告时间</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Cover</source>
        <translation>井盖</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Unit</source>
        <translation>养护单位</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Dispatched</source>
        <translation>派单时间</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Response (h)</source>
        <translation>响应用时（h）</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Fix (h)</source>
        <translation>修复用时（h）</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Still open</source>
        <translation>未结</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Mean response (h)</source>
        <translation>平均响应用时（h）</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Max response (h)</source>
        <translation>最长响应用时（h）</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Mean fix (h)</source>
        <translation>平均修复用时（h）</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Max fix (h)</source>
        <translation>最长修复用时（h）</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Late</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>On-time rate</source>
        <translation>及时率</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Turn</source>
        <translation>顺序</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Open cases</source>
        <translation>未结案件</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases/models.py"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>Open (not yet fixed)</source>
        <translation>未结（尚未修复）</translation>
    </message>
    <message>
        <location filename="../../dialogs/cases_dock.py"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../layers/forms.py"/>
        <source>General</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <location filename="../../layers/forms.py"/>
        <source>Materials</source>
        <translation>材料</translation>
    </message>
    <message>
        <location filename="../../layers/project.py"/>
        <source>Drainage</source>
        <translation>排水</translation>
    </message>
    <message>
        <location filename="../../layers/project.py"/>
        <source>Roads, bridges and tunnels</source>
        <translation>道路、桥梁和隧道</translation>
    </message>
    <message>
        <location filename="../../layers/project.py"/>
        <source>Other facilities</source>
        <translation>其他设施</translation>
    </message>
    <message>
        <location filename="../../layers/project.py"/>
        <source>Records</source>
        <translation>记录</translation>
    </message>
</context>
<context>
    <name>cases</name>
    <message>
        <location filename="../../core/cases.py"/>
        <source>no active maintenance unit: add or activate a unit</source>
        <translation>没有启用的养护单位：请添加或启用一个单位</translation>
    </message>
    <message>
        <location filename="../../core/cases.py"/>
        <source>every active unit is at its open-case limit ({units}); the case waits for the next dispatch</source>
        <translation>所有启用单位的未结案件均已达上限（{units}）；案件等待下次派单</translation>
    </message>
</context>
<context>
    <name>schema</name>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Xiling District</source>
        <translation>西陵区</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Wujiagang District</source>
        <translation>伍家岗区</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Dianjun District</source>
        <translation>点军区</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Xiaoting District</source>
        <translation>猇亭区</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Yiling District</source>
        <translation>夷陵区</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Expressway (快速路)</source>
        <translation>快速路</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Arterial road (主干路)</source>
        <translation>主干路</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Secondary arterial (次干路)</source>
        <translation>次干路</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Branch road (支路)</source>
        <translation>支路</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Neighbourhood street (街坊路)</source>
        <translation>街坊路</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Asphalt</source>
        <translation>沥青路面</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Cement concrete</source>
        <translation>水泥混凝土路面</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Block paving</source>
        <translation>砌块路面</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Class I (special / very large)</source>
        <translation>I 类（特大桥、特殊结构桥）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Class II (on expressway)</source>
        <translation>II 类（快速路上的桥梁）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Class III (on arterial)</source>
        <translation>III 类（主干路上的桥梁）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Class IV (on secondary arterial)</source>
        <translation>IV 类（次干路上的桥梁）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Class V (on branch road)</source>
        <translation>V 类（支路上的桥梁）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Beam bridge</source>
        <translation>梁桥</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Arch bridge</source>
        <translation>拱桥</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Cable-stayed bridge</source>
        <translation>斜拉桥</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Suspension bridge</source>
        <translation>悬索桥</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Pedestrian bridge</source>
        <translation>人行天桥</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Storm water (雨水)</source>
        <translation>雨水</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Sewage (污水)</source>
        <translation>污水</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Combined (合流)</source>
        <translation>合流</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Reinforced concrete</source>
        <translation>钢筋混凝土</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>HDPE</source>
        <translation>HDPE（高密度聚乙烯）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>PVC-U</source>
        <translation>PVC-U（硬聚氯乙烯）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Ductile iron</source>
        <translation>球墨铸铁</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Brick</source>
        <translation>砖砌</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Glass-fibre reinforced plastic</source>
        <translation>玻璃钢</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Central business district / class A buildings</source>
        <translation>中心商业区 / 甲类建筑物</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Arterial road / class B buildings</source>
        <translation>交通干道 / 乙类建筑物</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Other carriageway / class C buildings</source>
        <translation>其他机动车道路 / 丙类建筑物</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Other area</source>
        <translation>其他区域</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Ordinary soil</source>
        <translation>一般土层</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Collapsible loess I/II, weak expansive soil</source>
        <translation>I、II 级湿陷性黄土，弱膨胀土</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Loess III, medium expansive soil, mucky soil, red clay</source>
        <translation>III 级湿陷性黄土，中膨胀土，淤泥质土，红黏土</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Silty sand, loess IV, strong expansive soil, silt</source>
        <translation>粉砂层，IV 级湿陷性黄土，强膨胀土，淤泥</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Ordinary cast iron</source>
        <translation>普通铸铁</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Composite</source>
        <translation>复合材料</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Concrete</source>
        <translation>混凝土</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Wide-rim anti-settlement (宽边防沉降)</source>
        <translation>宽边防沉降</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Green area / pedestrian only</source>
        <translation>绿化带 / 仅限行人</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Sidewalk / non-motorised lane</source>
        <translation>人行道 / 非机动车道</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Kerbside gutter zone</source>
        <translation>路缘石边沟区域</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Carriageway</source>
        <translation>机动车道</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Docks / airports</source>
        <translation>码头 / 机场</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Grate inlet</source>
        <translation>平箅式雨水口</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Kerb inlet</source>
        <translation>立箅式雨水口</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Combined inlet</source>
        <translation>联合式雨水口</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Storage tank</source>
        <translation>调蓄池</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Detention pond</source>
        <translation>调蓄塘</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Lake / river regulated storage</source>
        <translation>湖泊 / 河道调蓄</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Oversized storage pipe</source>
        <translation>大管径调蓄管</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Free outfall (自由出流)</source>
        <translation>自由出流</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Submerged outfall (淹没出流)</source>
        <translation>淹没出流</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Pumped outfall (泵站排放)</source>
        <translation>泵站排放</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Active</source>
        <translation>未整治</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Being remediated</source>
        <translation>整治中</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Remediated</source>
        <translation>已整治</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Preventive maintenance (预防性养护)</source>
        <translation>预防性养护</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Minor repair (小修保养)</source>
        <translation>小修保养</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Corrective maintenance (矫正性养护)</source>
        <translation>矫正性养护</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Major repair / rebuild (大修)</source>
        <translation>大修 / 改建</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Emergency repair (抢修)</source>
        <translation>抢修</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Planned</source>
        <translation>计划中</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Routine patrol</source>
        <translation>日常巡查</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Periodic inspection</source>
        <translation>定期检测</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Structural inspection</source>
        <translation>结构检测</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>CCTV survey</source>
        <translation>CCTV 检测</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Special inspection</source>
        <translation>特殊检测</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>CJJ 36-2016 urban roads</source>
        <translation>CJJ 36-2016 城镇道路养护技术规范</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>CJJ 99-2017 urban bridges</source>
        <translation>CJJ 99-2017 城市桥梁养护技术标准</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>CJJ 181-2012 drainage pipes</source>
        <translation>CJJ 181-2012 城镇排水管道检测与评估技术规程</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>JTG H12-2015 tunnels</source>
        <translation>JTG H12-2015 公路隧道养护技术规范</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>GB 51222-2017 waterlogging</source>
        <translation>GB 51222-2017 城镇内涝防治技术规范</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>GB/T 23858-2009 manhole covers</source>
        <translation>GB/T 23858-2009 检查井盖</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>PL Rupture (破裂)</source>
        <translation>PL 破裂</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>BX Deformation (变形)</source>
        <translation>BX 变形</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>FS Corrosion (腐蚀)</source>
        <translation>FS 腐蚀</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>CK Misalignment (错口)</source>
        <translation>CK 错口</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>QF Sag (起伏)</source>
        <translation>QF 起伏</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>TJ Disjointed (脱节)</source>
        <translation>TJ 脱节</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>TL Joint material loss (接口材料脱落)</source>
        <translation>TL 接口材料脱落</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>AJ Hidden branch connection (支管暗接)</source>
        <translation>AJ 支管暗接</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>CR Intruding object (异物穿入)</source>
        <translation>CR 异物穿入</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>SL Leakage (渗漏)</source>
        <translation>SL 渗漏</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>CJ Deposits (沉积)</source>
        <translation>CJ 沉积</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>JG Scale (结垢)</source>
        <translation>JG 结垢</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>ZW Obstacle (障碍物)</source>
        <translation>ZW 障碍物</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>CQ Residual wall or dam (残墙坝根)</source>
        <translation>CQ 残墙坝根</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>SG Roots (树根)</source>
        <translation>SG 树根</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>FZ Scum (浮渣)</source>
        <translation>FZ 浮渣</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Circumferential (local)</source>
        <translation>环向（局部）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Longitudinal (continuous)</source>
        <translation>纵向（连续）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Deck system (桥面系)</source>
        <translation>桥面系</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Superstructure (上部结构)</source>
        <translation>上部结构</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Substructure (下部结构)</source>
        <translation>下部结构</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Pier (桥墩)</source>
        <translation>桥墩</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Abutment (桥台)</source>
        <translation>桥台</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Pipe cleaning (管网清疏)</source>
        <translation>管网清疏</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Cover or grate replacement (井盖雨篦更换)</source>
        <translation>井盖雨篦更换</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>New rain inlet (新增雨篦)</source>
        <translation>新增雨篦</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Repair (维修)</source>
        <translation>维修</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Inspection (检测)</source>
        <translation>检测</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Other work</source>
        <translation>其他工作</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Condition grade</source>
        <translation>技术状况等级</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Inspection overdue</source>
        <translation>检测逾期</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Open waterlogging plan</source>
        <translation>未完成的积水点整治方案</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Cover load class not compliant</source>
        <translation>井盖承载等级不合规</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Flood-season pipe cleaning (汛期前管网清疏)</source>
        <translation>汛期前管网清疏</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>New covers and grates (更换新型井盖、雨篦)</source>
        <translation>更换新型井盖、雨篦</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Wide-rim anti-settlement covers (宽边防沉降井盖)</source>
        <translation>宽边防沉降井盖</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Cover missing (缺失)</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Cover broken (破损)</source>
        <translation>破损</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Sunken or raised (沉降/凸起)</source>
        <translation>沉降/凸起</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Rattling (异响)</source>
        <translation>异响</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Displaced (移位)</source>
        <translation>移位</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Grate blocked (雨篦堵塞)</source>
        <translation>雨篦堵塞</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Other problem</source>
        <translation>其他问题</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>12345 hotline</source>
        <translation>12345 热线</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Patrol</source>
        <translation>巡查</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Digital city management (数字城管)</source>
        <translation>数字城管</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Public report</source>
        <translation>群众报告</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Other source</source>
        <translation>其他来源</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Reported</source>
        <translation>已报告</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Dispatched</source>
        <translation>已派单</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Responded</source>
        <translation>已响应</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Fixed</source>
        <translation>已修复</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Per metre of length</source>
        <translation>按延米</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Per square metre</source>
        <translation>按平方米</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Per facility</source>
        <translation>按设施</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Insert</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Update</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>UID</source>
        <translation>唯一标识</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>District</source>
        <translation>城区</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Road class</source>
        <translation>道路等级</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Maintenance unit</source>
        <translation>养护单位</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Year built</source>
        <translation>建成年份</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Current grade</source>
        <translation>当前等级</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Grading standard</source>
        <translation>评定标准</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Last inspected</source>
        <translation>最近检测日期</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Next inspection due</source>
        <translation>下次检测日期</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Recommended action</source>
        <translation>建议措施</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Recommended category</source>
        <translation>建议养护类别</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Pavement type</source>
        <translation>路面类型</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Length (m)</source>
        <translation>长度（米）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Carriageway width (m)</source>
        <translation>车行道宽度（米）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Lanes</source>
        <translation>车道数</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Bridges</source>
        <translation>桥梁</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Bridge class</source>
        <translation>桥梁养护类别</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Bridge type</source>
        <translation>桥型</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Spans</source>
        <translation>跨数</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Deck width (m)</source>
        <translation>桥面宽度（米）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Carried road</source>
        <translation>所在道路</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Tunnels</source>
        <translation>隧道</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Tubes</source>
        <translation>洞数</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Drainage pipes</source>
        <translation>排水管道</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Usage</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Diameter (mm)</source>
        <translation>管径（毫米）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Material</source>
        <translation>材质</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Upstream manhole</source>
        <translation>上游检查井</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Downstream manhole</source>
        <translation>下游检查井</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Upstream invert depth (m)</source>
        <translation>上游管底埋深（米）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Downstream invert depth (m)</source>
        <translation>下游管底埋深（米）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Area class (CJJ 181 K)</source>
        <translation>地区重要性（CJJ 181 K 值）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Soil class (CJJ 181 T)</source>
        <translation>土质影响（CJJ 181 T 值）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Road</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Manholes</source>
        <translation>检查井</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Depth (m)</source>
        <translation>井深（米）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Cover type</source>
        <translation>井盖类型</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Cover load class</source>
        <translation>井盖承载等级</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Where the cover lies</source>
        <translation>井盖所在位置</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Anti-settlement</source>
        <translation>防沉降</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Cover replaced on</source>
        <translation>井盖更换日期</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Rain inlets</source>
        <translation>雨水口</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Inlet type</source>
        <translation>雨水口类型</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Grates</source>
        <translation>雨篦数</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Grate load class</source>
        <translation>雨篦承载等级</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Connected manhole</source>
        <translation>连接检查井</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Storage facilities</source>
        <translation>调蓄设施</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Storage type</source>
        <translation>调蓄类型</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Adjustable capacity (m³)</source>
        <translation>可调蓄容积（立方米）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Normal water level (m)</source>
        <translation>常水位（米）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Pre-lowering level (m)</source>
        <translation>预降水位（米）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Waterlogging points</source>
        <translation>积水点</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Sponge-city demonstration</source>
        <translation>海绵城市示范</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Design return period (years)</source>
        <translation>设计重现期（年）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Outfalls</source>
        <translation>排放口</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Outfall type</source>
        <translation>排放口类型</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Receiving water</source>
        <translation>受纳水体</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Invert elevation (m)</source>
        <translation>管底高程（米）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Flap gate</source>
        <translation>拍门</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Facility</source>
        <translation>设施</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Facility kind</source>
        <translation>设施类别</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Health records</source>
        <translation>健康档案</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Inspection date</source>
        <translation>检测日期</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Inspection type</source>
        <translation>检测类型</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Inspector</source>
        <translation>检测人</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Indices</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Summary</source>
        <translation>结论摘要</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Maintenance works</source>
        <translation>养护工程</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Start date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>End date</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Contractor</source>
        <translation>施工单位</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Cost (yuan)</source>
        <translation>费用（元）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Type of work</source>
        <translation>工作类型</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Due by</source>
        <translation>完成期限</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Estimated cost (yuan)</source>
        <translation>估算费用（元）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Programme</source>
        <translation>专项计划</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Materials used</source>
        <translation>所用材料</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Maintenance work</source>
        <translation>养护工程</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Size (bytes)</source>
        <translation>大小（字节）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Date taken</source>
        <translation>拍摄日期</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Health record</source>
        <translation>健康档案记录</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>CCTV defects</source>
        <translation>CCTV 缺陷</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Defect code</source>
        <translation>缺陷代码</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Defect grade</source>
        <translation>缺陷等级</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Start chainage (m)</source>
        <translation>起点距离（米）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>End chainage (m)</source>
        <translation>终点距离（米）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Orientation</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Pavement distresses</source>
        <translation>路面病害</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Distress type</source>
        <translation>病害类型</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Damaged area (m²)</source>
        <translation>损坏面积（平方米）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Crack length (m)</source>
        <translation>裂缝长度（米）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Deduction (DP)</source>
        <translation>扣分值（DP）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Bridge element deductions</source>
        <translation>桥梁构件扣分</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Part</source>
        <translation>部位</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Span / pier or abutment number</source>
        <translation>跨 / 墩台编号</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Pier or abutment</source>
        <translation>桥墩或桥台</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Element</source>
        <translation>构件</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Element deduction (MDP)</source>
        <translation>构件扣分（MDP）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Defect deductions (DP)</source>
        <translation>病害扣分（DP）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Element absent</source>
        <translation>构件缺失</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Single-item control</source>
        <translation>单项控制指标</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Tunnel item values</source>
        <translation>隧道分项状况值</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Item</source>
        <translation>分项</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Condition value</source>
        <translation>状况值</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Waterlogging events</source>
        <translation>积水事件</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Waterlogging point</source>
        <translation>积水点</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Event date</source>
        <translation>事件日期</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Rainfall (mm)</source>
        <translation>降雨量（毫米）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Rain return period (years)</source>
        <translation>降雨重现期（年）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Maximum depth (cm)</source>
        <translation>最大积水深度（厘米）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Duration (min)</source>
        <translation>持续时间（分钟）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Water entered buildings</source>
        <translation>雨水进入建筑物</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Traffic impact</source>
        <translation>交通影响</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Assessments</source>
        <translation>评定记录</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Assessed on</source>
        <translation>评定日期</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Assessed by</source>
        <translation>评定人</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Data as of</source>
        <translation>数据截至</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Grades</source>
        <translation>各项等级</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Programmes</source>
        <translation>养护专项计划</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>From</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Deadline</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Programme targets by district</source>
        <translation>专项计划分区目标</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>District or county</source>
        <translation>区县</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Cover and grate replacements</source>
        <translation>井盖雨篦更换记录</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Replaced on</source>
        <translation>更换日期</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Old type</source>
        <translation>原类型</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>New type</source>
        <translation>新类型</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Old load class</source>
        <translation>原承载等级</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>New load class</source>
        <translation>新承载等级</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Waterlogging plans (一点一策)</source>
        <translation>一点一策整治方案</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Cause analysis</source>
        <translation>原因分析</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Measures</source>
        <translation>整治措施</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Remediation project</source>
        <translation>整治项目</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Completed on</source>
        <translation>完成日期</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Maintenance units</source>
        <translation>养护单位</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Rotation order</source>
        <translation>轮派顺序</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Open case limit</source>
        <translation>未结案件上限</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Active in rotation</source>
        <translation>参与轮派</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Cover cases</source>
        <translation>井盖案件</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Reported at</source>
        <translation>报告时间</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Cover</source>
        <translation>井盖</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Dispatched at</source>
        <translation>派单时间</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Responded at</source>
        <translation>响应时间</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Fixed at</source>
        <translation>修复时间</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Unit costs</source>
        <translation>单价</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Basis</source>
        <translation>计价方式</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Unit cost (yuan)</source>
        <translation>单价（元）</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Audit log</source>
        <translation>变更日志</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Table</source>
        <translation>表</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>Old values</source>
        <translation>原值</translation>
    </message>
    <message>
        <location filename="../../core/schema.py"/>
        <source>New values</source>
        <translation>新值</translation>
    </message>
</context>
<context>
    <name>swmm</name>
    <message>
        <location filename="../../core/swmm.py"/>
        <source>{what} needs at least {n} values, found {found}</source>
        <translation>{what} 至少需要 {n} 个值，实际为 {found} 个</translation>
    </message>
    <message>
        <location filename="../../core/swmm.py"/>
        <source>{what} is missing</source>
        <translation>缺少 {what}</translation>
    </message>
    <message>
        <location filename="../../core/swmm.py"/>
        <source>{what} is not a number: {value}</source>
        <translation>{what} 不是数字：{value}</translation>
    </message>
    <message>
        <location filename="../../core/swmm.py"/>
        <source>{what} must be one of {allowed}, found {value}</source>
        <translation>{what} 必须为 {allowed} 之一，实际为 {value}</translation>
    </message>
    <message>
        <location filename="../../core/swmm.py"/>
        <source>line {line}: unknown section [{section}] skipped</source>
        <translation>第 {line} 行：未知节 [{section}]，已跳过</translation>
    </message>
    <message>
        <location filename="../../core/swmm.py"/>
        <source>data before the first [SECTION] header: this is not a SWMM input file</source>
        <translation>第一个 [SECTION] 节标题之前有数据：这不是 SWMM 输入文件</translation>
    </message>
    <message>
        <location filename="../../core/swmm.py"/>
        <source>no [SECTION] header: this is not a SWMM input file</source>
        <translation>没有 [SECTION] 节标题：这不是 SWMM 输入文件</translation>
    </message>
    <message>
        <location filename="../../core/swmm.py"/>
        <source>unknown FLOW_UNITS {units}: lengths read as feet</source>
        <translation>未知的 FLOW_UNITS {units}：长度按英尺读取</translation>
    </message>
    <message>
        <location filename="../../core/swmm.py"/>
        <source>node {name} is defined twice (first on line {line})</source>
        <translation>节点 {name} 重复定义（首次定义于第 {line} 行）</translation>
    </message>
    <message>
        <location filename="../../core/swmm.py"/>
        <source>conduit {name} is defined twice (first on line {line})</source>
        <translation>管渠 {name} 重复定义（首次定义于第 {line} 行）</translation>
    </message>
    <message>
        <location filename="../../core/swmm.py"/>
        <source>line {line}: second coordinates of node {name} ignored</source>
        <translation>第 {line} 行：已忽略节点 {name} 的第二组坐标</translation>
    </message>
    <message>
        <location filename="../../core/swmm.py"/>
        <source>curve {name}: the values are not in x y pairs</source>
        <translation>曲线 {name}：数值不是成对的 x y</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>offset elevation {value} below the invert of node {node}: taken as 0</source>
        <translation>偏移高程 {value} 低于节点 {node} 的管底高程：按 0 处理</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>negative offset {value} at node {node}: taken as 0</source>
        <translation>节点 {node} 处的偏移量 {value} 为负：按 0 处理</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>node {name} has no coordinates in [COORDINATES]</source>
        <translation>节点 {name} 在 [COORDINATES] 中没有坐标</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>SWMM {kind} {name}: invert elevation {invert} m, rim elevation {rim} m</source>
        <translation>SWMM {kind} {name}：管底高程 {invert} m，井口高程 {rim} m</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>MaxDepth {given} m raised to the crown of conduit {conduit}</source>
        <translation>MaxDepth {given} m 已提高到管渠 {conduit} 的管顶</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>SWMM outfall {name}: {kind}</source>
        <translation>SWMM 排放口 {name}：{kind}</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>storage curve {curve} is not in [CURVES]</source>
        <translation>蓄水曲线 {curve} 不在 [CURVES] 中</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>the storage shape gives no volume at full depth</source>
        <translation>该蓄水形状在满深时没有容积</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>SWMM storage unit {name}: invert elevation {invert} m, full depth {depth} m, shape {shape}</source>
        <translation>SWMM 蓄水单元 {name}：底高程 {invert} m，满深 {depth} m，形状 {shape}</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>drawn as a {side} m square of its surface area at full depth around its node</source>
        <translation>以节点为中心，按满深时的表面积绘制为边长 {side} m 的正方形</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>storage unit {name} has neither coordinates nor a polygon</source>
        <translation>蓄水单元 {name} 既没有坐标也没有多边形</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>conduit {name}: node {node} is not defined</source>
        <translation>管渠 {name}：节点 {node} 未定义</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>conduit {name}: node {node} has no coordinates</source>
        <translation>管渠 {name}：节点 {node} 没有坐标</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>conduit {name} has no [XSECTIONS] line</source>
        <translation>管渠 {name} 在 [XSECTIONS] 中没有对应行</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>conduit {name}: cross-section {shape} has no diameter</source>
        <translation>管渠 {name}：断面 {shape} 没有管径</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>SWMM conduit {name} from {a} to {b}</source>
        <translation>SWMM 管渠 {name}，从 {a} 到 {b}</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>{shape} {dims} m; diameter = hydraulic diameter 4A/P</source>
        <translation>{shape} {dims} m；管径 = 水力直径 4A/P</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>{shape} {dims} m; diameter = full height</source>
        <translation>{shape} {dims} m；管径 = 断面全高</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>cross-section {shape}</source>
        <translation>断面 {shape}</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>{n} barrels</source>
        <translation>{n} 孔并联</translation>
    </message>
    <message>
        <location filename="../../core/swmm_rows.py"/>
        <source>line {line}: conduit {name}: {problem}</source>
        <translation>第 {line} 行：管渠 {name}：{problem}</translation>
    </message>
</context>
<context>
    <name>validation</name>
    <message>
        <location filename="../../core/validation.py"/>
        <source>must be a number, got {value}</source>
        <translation>必须是数字，实际为 {value}</translation>
    </message>
    <message>
        <location filename="../../core/cases.py"/>
        <source>is {value}, outside {min} … {max}</source>
        <translation>为 {value}，超出 {min} … {max} 的范围</translation>
    </message>
    <message>
        <location filename="../../core/cases.py"/>
        <source>is {fix} h, shorter than the response limit ({respond} h)</source>
        <translation>为 {fix} h，短于响应时限（{respond} h）</translation>
    </message>
    <message>
        <location filename="../../core/cases.py"/>
        <source>must be an object such as {example}</source>
        <translation>必须是对象，例如 {example}</translation>
    </message>
    <message>
        <location filename="../../core/validation.py"/>
        <source>must be true or false, got {value}</source>
        <translation>必须为是或否，实际为 {value}</translation>
    </message>
    <message>
        <location filename="../../core/validation.py"/>
        <source>is not a valid date-time: {value}</source>
        <translation>不是有效的日期时间：{value}</translation>
    </message>
    <message>
        <location filename="../../layers/programmes.py"/>
        <source>is required</source>
        <translation>为必填项</translation>
    </message>
    <message>
        <location filename="../../core/cases.py"/>
        <source>is {time}, in the future</source>
        <translation>为 {time}，不能晚于当前时间</translation>
    </message>
    <message>
        <location filename="../../core/cases.py"/>
        <source>is {time}, before the case was dispatched ({earlier})</source>
        <translation>为 {time}，早于案件派单时间（{earlier}）</translation>
    </message>
    <message>
        <location filename="../../core/cases.py"/>
        <source>is {time}, before the case was responded to ({earlier})</source>
        <translation>为 {time}，早于案件响应时间（{earlier}）</translation>
    </message>
    <message>
        <location filename="../../core/cases.py"/>
        <source>is {status}: only a dispatched case can be marked responded</source>
        <translation>为 {status}：只有已派单的案件才能标记为已响应</translation>
    </message>
    <message>
        <location filename="../../core/cases.py"/>
        <source>is {status}: only a dispatched or responded case can be marked fixed</source>
        <translation>为 {status}：只有已派单或已响应的案件才能标记为已修复</translation>
    </message>
    <message>
        <location filename="../../core/cases.py"/>
        <source>is {status}: a case is closed once fixed (or, never dispatched, withdrawn)</source>
        <translation>为 {status}：案件须在修复后结案（或在尚未派单时撤销）</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>has no header row naming the pipe, date and defect columns in its first {n} rows</source>
        <translation>前 {n} 行中没有标明管道、日期和缺陷列的表头行</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>lacks the column(s) {columns} (header row {row})</source>
        <translation>缺少列 {columns}（表头在第 {row} 行）</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is {value}: it names more than one defect ({codes})</source>
        <translation>为 {value}：包含多个缺陷（{codes}）</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is {value}: not a CJJ 181 defect code or name ({codes})</source>
        <translation>为 {value}：不是 CJJ 181 缺陷代码或名称（{codes}）</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is required for a defect</source>
        <translation>有缺陷时为必填项</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is {value}: a CJJ 181 defect grade is a whole number from 1 to 4</source>
        <translation>为 {value}：CJJ 181 缺陷等级须为 1 至 4 的整数</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is {value}: not a defect grade (1–4, Ⅰ–Ⅳ, 一级–四级)</source>
        <translation>为 {value}：不是缺陷等级（1–4、Ⅰ–Ⅳ、一级–四级）</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is {value}: a CJJ 181 defect grade is 1 to 4</source>
        <translation>为 {value}：CJJ 181 缺陷等级为 1 至 4</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is {value}: {code} has grades 1 to {n} in CJJ 181</source>
        <translation>为 {value}：CJJ 181 中 {code} 的等级为 1 至 {n}</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is {value}: not a real date</source>
        <translation>为 {value}：不是有效日期</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is {value}: not a date (2025-07-03, 2025/7/3, 2025.07.03 or 20250703)</source>
        <translation>为 {value}：不是日期（2025-07-03、2025/7/3、2025.07.03 或 20250703）</translation>
    </message>
    <message>
        <location filename="../../layers/programmes.py"/>
        <source>is {date}, in the future</source>
        <translation>为 {date}，不能晚于今天</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is {date}, before {year}: not a CCTV survey date</source>
        <translation>为 {date}，早于 {year} 年：不是 CCTV 检测日期</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is {value}: not a distance in metres (12.5 or 12.5~13.0)</source>
        <translation>为 {value}：不是以米为单位的距离（12.5 或 12.5~13.0）</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is {value} m: a distance cannot be negative</source>
        <translation>为 {value} m：距离不能为负</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>ends at {end} m, before its start {start} m</source>
        <translation>终点 {end} m 小于起点 {start} m</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is {value}: not a clock position (03, or 0903 for 9 to 3 o'clock)</source>
        <translation>为 {value}：不是环向位置（如 03，或 0903 表示 9 点至 3 点）</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is {value}: not an orientation (环向 circumferential, 纵向 longitudinal)</source>
        <translation>为 {value}：不是方向（环向或纵向）</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is {value} m, beyond the pipe's length {length} m (tolerance {tol} m)</source>
        <translation>为 {value} m，超出管道长度 {length} m（容差 {tol} m）</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>names no pipe: give the pipe code, or the up and down manholes</source>
        <translation>未指明管道：请填写管段编号，或上、下游检查井</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is {value}: give one distance</source>
        <translation>为 {value}：请只填写一个距离</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is {value} m, but the position gives the end {end} m</source>
        <translation>为 {value} m，但位置给出的终点为 {end} m</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is {end} m, before the start {start} m</source>
        <translation>为 {end} m，小于起点 {start} m</translation>
    </message>
    <message>
        <location filename="../../core/cctv_sheet.py"/>
        <source>is required for a defect: its distance from the start manhole in metres</source>
        <translation>有缺陷时为必填项：即距起点井的距离（米）</translation>
    </message>
    <message>
        <location filename="../../core/details.py"/>
        <source>is {end} m, before the start chainage {start} m</source>
        <translation>为 {end} m，小于起点距离 {start} m</translation>
    </message>
    <message>
        <location filename="../../core/details.py"/>
        <source>is needed: give the damaged area, the crack length or the deduction</source>
        <translation>为必填项：请填写损坏面积、裂缝长度或扣分值</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/detail_editor.py"/>
        <source>must be deductions from 0 to 100 separated by commas, e.g. 20, 10</source>
        <translation>应为 0 到 100 的扣分值，以逗号分隔，例如 20, 10</translation>
    </message>
    <message>
        <location filename="../../core/details.py"/>
        <source>no standard grades this kind of facility</source>
        <translation>此类设施没有评定标准</translation>
    </message>
    <message>
        <location filename="../../core/details.py"/>
        <source>is not recorded for this facility (Identity and attributes tab)</source>
        <translation>本设施尚未填写（见“基本信息与属性”页）</translation>
    </message>
    <message>
        <location filename="../../core/details.py"/>
        <source>is needed to judge the event</source>
        <translation>为判定积水事件所必需</translation>
    </message>
    <message>
        <location filename="../../core/details.py"/>
        <source>no waterlogging event recorded</source>
        <translation>尚未记录积水事件</translation>
    </message>
    <message>
        <location filename="../../core/details.py"/>
        <source>is {given}: the details are graded by {standard}</source>
        <translation>为 {given}：明细按 {standard} 评定</translation>
    </message>
    <message>
        <location filename="../../core/details.py"/>
        <source>enter the condition value of at least one item</source>
        <translation>请至少填写一个分项的状况值</translation>
    </message>
    <message>
        <location filename="../../core/details.py"/>
        <source>enter the deductions of the damaged elements</source>
        <translation>请填写受损构件的扣分</translation>
    </message>
    <message>
        <location filename="../../core/details.py"/>
        <source>enter the distresses, or the IRI under Indices</source>
        <translation>请填写路面病害，或在“指标”中填写 IRI</translation>
    </message>
    <message>
        <location filename="../../core/osm.py"/>
        <source>has an unclosed quote in OSM tags at {pos}</source>
        <translation>OSM 标签中位置 {pos} 处有未闭合的引号</translation>
    </message>
    <message>
        <location filename="../../core/osm.py"/>
        <source>has no tag key or value in OSM tags at {pos}</source>
        <translation>OSM 标签中位置 {pos} 处缺少标签键或值</translation>
    </message>
    <message>
        <location filename="../../core/osm.py"/>
        <source>lacks '=&gt;' after a tag key in OSM tags at {pos}</source>
        <translation>OSM 标签中位置 {pos} 处的标签键后缺少 '=&gt;'</translation>
    </message>
    <message>
        <location filename="../../core/osm.py"/>
        <source>lacks ',' between OSM tags at {pos}</source>
        <translation>OSM 标签中位置 {pos} 处的标签之间缺少 ','</translation>
    </message>
    <message>
        <location filename="../../core/records.py"/>
        <source>grade {grade} is not on the {standard} scale ({scale})</source>
        <translation>等级 {grade} 不在 {standard} 的等级范围内（{scale}）</translation>
    </message>
    <message>
        <location filename="../../core/records.py"/>
        <source>is required when a grade is given</source>
        <translation>在填写等级时必须填写</translation>
    </message>
    <message>
        <location filename="../../layers/programmes.py"/>
        <source>is {end}, before the start {start}</source>
        <translation>为 {end}，早于开始日期 {start}</translation>
    </message>
    <message>
        <location filename="../../core/records.py"/>
        <source>is required for finished works</source>
        <translation>对已完成的工程必须填写</translation>
    </message>
    <message>
        <location filename="../../core/records.py"/>
        <source>is {date}, in the future, for works marked done</source>
        <translation>为 {date}，已完成的工程不能晚于今天</translation>
    </message>
    <message>
        <location filename="../../layers/programmes.py"/>
        <source>is {value}, negative</source>
        <translation>为 {value}，不能为负数</translation>
    </message>
    <message>
        <location filename="../../core/validation.py"/>
        <source>must be a UUID string, got {kind}</source>
        <translation>必须是 UUID 字符串，实际为 {kind}</translation>
    </message>
    <message>
        <location filename="../../core/validation.py"/>
        <source>is not a valid UUID: {value}</source>
        <translation>不是有效的 UUID：{value}</translation>
    </message>
    <message>
        <location filename="../../core/validation.py"/>
        <source>must be text, got {kind}</source>
        <translation>必须是文本，实际为 {kind}</translation>
    </message>
    <message>
        <location filename="../../core/validation.py"/>
        <source>is longer than {n} characters</source>
        <translation>超过 {n} 个字符</translation>
    </message>
    <message>
        <location filename="../../core/validation.py"/>
        <source>contains a NUL character</source>
        <translation>包含 NUL 字符</translation>
    </message>
    <message>
        <location filename="../../core/validation.py"/>
        <source>must be a whole number, got {value}</source>
        <translation>必须是整数，实际为 {value}</translation>
    </message>
    <message>
        <location filename="../../core/validation.py"/>
        <source>must be a finite number, got {value}</source>
        <translation>必须是有限的数字，实际为 {value}</translation>
    </message>
    <message>
        <location filename="../../core/validation.py"/>
        <source>must be a date YYYY-MM-DD, got {value}</source>
        <translation>必须是 YYYY-MM-DD 格式的日期，实际为 {value}</translation>
    </message>
    <message>
        <location filename="../../core/validation.py"/>
        <source>is not a real date: {value}</source>
        <translation>不是有效日期：{value}</translation>
    </message>
    <message>
        <location filename="../../core/validation.py"/>
        <source>must be a date-time, got {value}</source>
        <translation>必须是日期时间，实际为 {value}</translation>
    </message>
    <message>
        <location filename="../../core/validation.py"/>
        <source>is not valid JSON</source>
        <translation>不是有效的 JSON</translation>
    </message>
    <message>
        <location filename="../../core/validation.py"/>
        <source>must be binary content</source>
        <translation>必须是二进制内容</translation>
    </message>
    <message>
        <location filename="../../core/validation.py"/>
        <source>has {value}, which is not one of {allowed}</source>
        <translation>为 {value}，不在可选值 {allowed} 之中</translation>
    </message>
    <message>
        <location filename="../../layers/programmes.py"/>
        <source>is {value}, below the minimum {min}</source>
        <translation>为 {value}，低于最小值 {min}</translation>
    </message>
    <message>
        <location filename="../../core/validation.py"/>
        <source>is {value}, above the maximum {max}</source>
        <translation>为 {value}，超过最大值 {max}</translation>
    </message>
    <message>
        <location filename="../../layers/programmes.py"/>
        <source>is not a field of this table</source>
        <translation>不是该表的字段</translation>
    </message>
    <message>
        <location filename="../../dialogs/archive/detail_editor.py"/>
        <source>is {value}, not a number</source>
        <translation>为 {value}，不是数字</translation>
    </message>
    <message>
        <location filename="../../layers/archive.py"/>
        <source>belong to maintenance records only</source>
        <translation>只能属于养护记录</translation>
    </message>
    <message>
        <location filename="../../layers/archive.py"/>
        <source>is required: select at least one facility</source>
        <translation>为必填项：请至少选择一个设施</translation>
    </message>
    <message>
        <location filename="../../layers/archive.py"/>
        <source>is a {kind}: these records belong to {kinds} only</source>
        <translation>为 {kind}：此类记录只属于 {kinds}</translation>
    </message>
    <message>
        <location filename="../../layers/archive.py"/>
        <source>names no {kind}: {uid}</source>
        <translation>找不到对应的 {kind}：{uid}</translation>
    </message>
    <message>
        <location filename="../../layers/archive.py"/>
        <source>cannot be changed: a record stays with its facility</source>
        <translation>不能修改：记录始终属于其设施</translation>
    </message>
    <message>
        <location filename="../../layers/archive.py"/>
        <source>is {kind}: its health records have no detail records</source>
        <translation>为 {kind}：其健康记录没有明细记录</translation>
    </message>
    <message>
        <location filename="../../layers/archive.py"/>
        <source>names no row of this health record, or one given twice: {uid}</source>
        <translation>不是本健康记录的明细行，或重复给出：{uid}</translation>
    </message>
    <message>
        <location filename="../../layers/archive.py"/>
        <source>{path} does not exist or is not a file</source>
        <translation>{path} 不存在或不是文件</translation>
    </message>
    <message>
        <location filename="../../layers/archive.py"/>
        <source>{name} is {size}, over the limit of {limit}</source>
        <translation>{name} 大小为 {size}，超过上限 {limit}</translation>
    </message>
    <message>
        <location filename="../../layers/cases.py"/>
        <source>is required: a case needs a location (click the map at the cover)</source>
        <translation>为必填项：案件需要位置（请在地图上点击井盖所在位置）</translation>
    </message>
    <message>
        <location filename="../../layers/cases.py"/>
        <source>is not a point: {value}</source>
        <translation>不是点：{value}</translation>
    </message>
    <message>
        <location filename="../../layers/cases.py"/>
        <source>is not within {tolerance} m of any cover (snapping is required)</source>
        <translation>不在任何井盖的 {tolerance} m 范围内（要求吸附到井盖）</translation>
    </message>
    <message>
        <location filename="../../layers/programmes.py"/>
        <source>names no row of this table</source>
        <translation>在本表中找不到对应的记录</translation>
    </message>
    <message>
        <location filename="../../layers/cases.py"/>
        <source>names no maintenance unit</source>
        <translation>找不到对应的养护单位</translation>
    </message>
    <message>
        <location filename="../../layers/cases.py"/>
        <source>is already the name of another unit: {name}</source>
        <translation>已被另一个养护单位使用：{name}</translation>
    </message>
    <message>
        <location filename="../../layers/cases.py"/>
        <source>cannot be changed here</source>
        <translation>不能在此修改</translation>
    </message>
    <message>
        <location filename="../../layers/cases.py"/>
        <source>has {n} cases: deactivate the unit instead of deleting it</source>
        <translation>已有 {n} 件案件：请停用该单位，而不要删除</translation>
    </message>
    <message>
        <location filename="../../layers/cases.py"/>
        <source>is {to}, before the start of the period ({start})</source>
        <translation>为 {to}，早于时段开始日期（{start}）</translation>
    </message>
    <message>
        <location filename="../../layers/planning.py"/>
        <source>is {value}, not a facility kind</source>
        <translation>为 {value}，不是设施类别</translation>
    </message>
    <message>
        <location filename="../../layers/planning.py"/>
        <source>is {value}, not a category of the plan ({allowed})</source>
        <translation>为 {value}，不是计划的养护类别（{allowed}）</translation>
    </message>
    <message>
        <location filename="../../layers/planning.py"/>
        <source>names no facility of kind {kind}: {value}</source>
        <translation>找不到类别为 {kind} 的设施：{value}</translation>
    </message>
    <message>
        <location filename="../../layers/programmes.py"/>
        <source>is {start} and the deadline {end}: neither falls in the programme year {year}</source>
        <translation>为 {start}，截止日期为 {end}：均不在专项计划年度 {year} 内</translation>
    </message>
    <message>
        <location filename="../../layers/programmes.py"/>
        <source>{district} appears twice</source>
        <translation>{district} 重复出现</translation>
    </message>
    <message>
        <location filename="../../layers/programmes.py"/>
        <source>has a {kind} programme already</source>
        <translation>已有 {kind} 类专项计划</translation>
    </message>
    <message>
        <location filename="../../layers/programmes.py"/>
        <source>names no {what} programme</source>
        <translation>找不到对应的专项计划（{what}）</translation>
    </message>
    <message>
        <location filename="../../layers/programmes.py"/>
        <source>is {date}, before the programme starts ({start})</source>
        <translation>为 {date}，早于专项计划开始日期（{start}）</translation>
    </message>
    <message>
        <location filename="../../layers/programmes.py"/>
        <source>{uid} names no drainage pipe</source>
        <translation>{uid} 找不到对应的排水管道</translation>
    </message>
    <message>
        <location filename="../../layers/programmes.py"/>
        <source>names no manhole or rain inlet</source>
        <translation>找不到对应的检查井或雨水口</translation>
    </message>
    <message>
        <location filename="../../layers/programmes.py"/>
        <source>must be an anti-settlement manhole cover for this programme</source>
        <translation>本专项计划要求为检查井防沉降井盖</translation>
    </message>
    <message>
        <location filename="../../layers/programmes.py"/>
        <source>names no waterlogging point</source>
        <translation>找不到对应的积水点</translation>
    </message>
    <message>
        <location filename="../../layers/programmes.py"/>
        <source>is required for a done plan</source>
        <translation>对已完成的方案必须填写</translation>
    </message>
    <message>
        <location filename="../../layers/programmes.py"/>
        <source>has an open plan already: edit that one</source>
        <translation>已有未完成的整治方案：请编辑该方案</translation>
    </message>
</context>
</TS>
